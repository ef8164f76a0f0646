using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.Rules;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Alerting.OnCall;

/// <summary>
/// An on-call file rewritten in place (an editor, a deployment tool) is seen empty or half written for a moment: that
/// read must never replace a good schedule, as for the rule file (the same watcher and quiet period).
/// </summary>
[TestFixture]
public sealed class OnCallConfigProviderReloadTests
{
    private const string TwoPeople = "people:\n  alice: { email: alice@example.org }\n  bob: { email: bob@example.org }\n";

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    [Test]
    public void Refresh_HalfWrittenFile_IsNotLoadedUntilQuietForTheQuietPeriod()
    {
        using var folder = new TempDirectory("alpi-oncall-reload");
        var (path, time, provider, _) = Loaded(folder);

        // Half written just now (by the test clock): valid YAML with one person, which must not be put in force.
        File.WriteAllText(path, "people:\n  alice: { email: alice@example.org }\n");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        provider.Refresh().Should().BeFalse("written less than the quiet period ago");
        time.Advance(RuleSetProvider.QuietPeriod / 3);
        provider.Refresh().Should().BeFalse("still within the quiet period");
        provider.Current.People.Keys.Should().BeEquivalentTo("alice", "bob");

        // The writer finishes: only the whole content is loaded, once quiet.
        File.WriteAllText(path, TwoPeople + "  chef: { email: chef@example.org }\n");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        provider.Refresh().Should().BeFalse();
        time.Advance(RuleSetProvider.QuietPeriod);
        provider.Refresh().Should().BeTrue();
        provider.Current.People.Keys.Should().BeEquivalentTo("alice", "bob", "chef");
        provider.Reloads.Should().Be(2, "the half-written file was never loaded");
    }

    [TestCase("")] // truncated by a rewrite in place
    [TestCase("   \n")]
    [TestCase("# only a comment\n")]
    public void Refresh_EmptyFile_IsRefused_KeepsTheScheduleAndLogsTheFile(string text)
    {
        using var folder = new TempDirectory("alpi-oncall-reload");
        var (path, time, provider, logger) = Loaded(folder);
        var good = provider.Current;

        SettledFile.Write(path, text, time);
        provider.Refresh().Should().BeFalse();

        provider.Current.Should().BeSameAs(good);
        provider.ReloadFailures.Should().Be(1);
        provider.LastErrors.Should().ContainSingle().Which.Message.Should().Contain("empty").And.Contain("{}");
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains(path, StringComparison.Ordinal) && e.Message.Contains("rejected", StringComparison.Ordinal));
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains(path, StringComparison.Ordinal) && e.Message.Contains("empty", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromSeconds(10));
        provider.Refresh().Should().BeFalse();
        provider.ReloadFailures.Should().Be(1, "the same empty file is reported once");
    }

    [Test]
    public void Refresh_ExplicitEmptyMapping_IsLegitimatelyNoConfiguration()
    {
        using var folder = new TempDirectory("alpi-oncall-reload");
        var (path, time, provider, _) = Loaded(folder);

        SettledFile.Write(path, "{}\n", time);
        provider.Refresh().Should().BeTrue();
        provider.Current.People.Should().BeEmpty();
        provider.ReloadFailures.Should().Be(0);
    }

    /// <summary>A provider over <c>oncall.yaml</c> in <paramref name="folder"/>, with two people loaded.</summary>
    private static (string Path, FakeTimeProvider Time, OnCallConfigProvider Provider, CapturingLogger<OnCallConfigProvider> Logger) Loaded(TempDirectory folder)
    {
        var path = Path.Combine(folder.Path, "oncall.yaml");
        var time = new FakeTimeProvider(Start);
        File.WriteAllText(path, TwoPeople);
        var logger = new CapturingLogger<OnCallConfigProvider>();
        var provider = new OnCallConfigProvider(path, null, logger, time);
        provider.Refresh().Should().BeTrue();
        return (path, time, provider, logger);
    }
}
