using Alpi.Collector.Alerting.Rules;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Alerting.Rules;

/// <summary>
/// A rule file rewritten in place (an editor, a deployment tool) is seen empty or half written for a moment: that read
/// must never put "no rules" in force.
/// </summary>
[TestFixture]
public sealed class RuleSetProviderReloadTests
{
    private const string TwoRules = "rules:\n  - name: a\n    kind: presence\n  - name: b\n    kind: presence\n";

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    [Test]
    public void Refresh_FileEmptiedMidRewrite_KeepsTheRulesCountsOneErrorAndReloadsWhenValidAgain()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "rules.yaml");
        var time = new FakeTimeProvider(Start);
        File.WriteAllText(path, TwoRules);
        var provider = new RuleSetProvider(path, NullLogger<RuleSetProvider>.Instance, time);
        provider.Refresh().Should().BeTrue();

        // Truncated, then left so: quiet long enough to be read.
        SettledFile.Write(path, "", time);
        provider.Refresh().Should().BeFalse();
        provider.Current.Rules.Select(r => r.Name).Should().Equal("a", "b");
        provider.ReloadFailures.Should().Be(1);
        provider.LastErrors.Should().ContainSingle().Which.Message.Should().Contain("empty").And.Contain("rules: []");

        time.Advance(TimeSpan.FromSeconds(10));
        provider.Refresh().Should().BeFalse();
        provider.ReloadFailures.Should().Be(1, "the same empty file is reported once");

        SettledFile.Write(path, "rules:\n  - name: c\n    kind: presence\n", time);
        provider.Refresh().Should().BeTrue();
        provider.Current.Rules.Select(r => r.Name).Should().Equal("c");
        provider.LastErrors.Should().BeEmpty();
    }

    [TestCase("   \n")]
    [TestCase("# only a comment\n")]
    public void Refresh_WhitespaceOrCommentsOnly_IsAnError(string text)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "rules.yaml");
        var time = new FakeTimeProvider(Start);
        File.WriteAllText(path, TwoRules);
        var provider = new RuleSetProvider(path, NullLogger<RuleSetProvider>.Instance, time);
        provider.Refresh().Should().BeTrue();

        SettledFile.Write(path, text, time);
        provider.Refresh().Should().BeFalse();
        provider.Current.Rules.Should().HaveCount(2);
        provider.ReloadFailures.Should().Be(1);
    }

    [Test]
    public void Refresh_ExplicitEmptyRuleList_IsLegitimatelyNoRules()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "rules.yaml");
        var time = new FakeTimeProvider(Start);
        File.WriteAllText(path, TwoRules);
        var provider = new RuleSetProvider(path, NullLogger<RuleSetProvider>.Instance, time);
        provider.Refresh().Should().BeTrue();

        SettledFile.Write(path, "rules: []\n", time);
        provider.Refresh().Should().BeTrue();
        provider.Current.Rules.Should().BeEmpty();
        provider.ReloadFailures.Should().Be(0);
    }

    [Test]
    public void Refresh_FileStillBeingWritten_WaitsUntilItHasBeenQuietForTheQuietPeriod()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "rules.yaml");
        var time = new FakeTimeProvider(Start);
        File.WriteAllText(path, TwoRules);
        var provider = new RuleSetProvider(path, NullLogger<RuleSetProvider>.Instance, time);
        provider.Refresh().Should().BeTrue();

        // Half written just now (by the test clock): a valid YAML file of one rule, which must not be put in force.
        File.WriteAllText(path, "rules:\n  - name: a\n    kind: presence\n");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        provider.Refresh().Should().BeFalse("written less than the quiet period ago");
        time.Advance(RuleSetProvider.QuietPeriod / 3);
        provider.Refresh().Should().BeFalse("still within the quiet period");

        // The writer finishes: the file changes again, and only its whole content is loaded, once quiet.
        File.WriteAllText(path, TwoRules + "  - name: c\n    kind: presence\n");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        provider.Refresh().Should().BeFalse();
        provider.Current.Rules.Should().HaveCount(2);
        time.Advance(RuleSetProvider.QuietPeriod);
        provider.Refresh().Should().BeTrue();
        provider.Current.Rules.Select(r => r.Name).Should().Equal("a", "b", "c");
        provider.Reloads.Should().Be(2, "the half-written file was never loaded");
    }
}
