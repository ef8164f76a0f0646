using Alpi.Collector.Alerting.OnCall;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Alerting.OnCall;

/// <summary>Reloading the on-call file: a bad file never replaces a good one; its errors are kept with line and key.</summary>
[TestFixture]
public sealed class OnCallConfigProviderTests
{
    [Test]
    public void Refresh_StepWhosePersonHasNoAddressOnItsChannels_IsAcceptedWithAWarning()
    {
        using var folder = new TempDirectory("alpi-oncall-provider");
        var path = Path.Combine(folder.Path, "oncall.yaml");
        File.WriteAllText(path, """
            people:
              alice: { email: alice@example.org }
              nomail: { sms: "+33612345678" }
            policies:
              - name: infra
                steps:
                  - { after: 0s, people: [nomail, alice], via: [email] }
                  - { after: 15m, people: alice }
            """);
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<OnCallConfigProvider>();
        var provider = new OnCallConfigProvider(path, new HashSet<string> { "email", "sms" }, logger, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero)));

        provider.Refresh().Should().BeTrue("the file is valid: only a warning");

        logger.Collector.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message).Should().ContainSingle()
            .Which.Should().Contain("policy infra step 1: person nomail has no address for email (via: email)");
    }

    [Test]
    public void Refresh_BadFileAfterAGoodOne_KeepsTheGoodOneAndReportsTheErrors()
    {
        using var folder = new TempDirectory("alpi-oncall-provider");
        var path = Path.Combine(folder.Path, "oncall.yaml");
        File.WriteAllText(path, OnCallFileParserTests.Sample);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var provider = new OnCallConfigProvider(path, new HashSet<string> { "email", "sms" }, NullLogger<OnCallConfigProvider>.Instance, time);

        provider.Refresh().Should().BeTrue();
        var good = provider.Current;
        good.Schedules.Should().ContainKey("primary");

        File.WriteAllText(path, OnCallFileParserTests.Sample.Replace("handover: monday 09:00", "handover: someday 9h", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime.AddSeconds(-1)); // past the quiet period

        provider.Refresh().Should().BeFalse();
        provider.Current.Should().BeSameAs(good);
        provider.ReloadFailures.Should().Be(1);
        provider.LastErrors.Should().ContainSingle(e => e.Line == 9 && e.Key == "schedules[0].handover");
    }

    [Test]
    public void ResolvePath_Relative_IsBesideTheRuleFile()
    {
        OnCallConfigProvider.ResolvePath("oncall.yaml", "/etc/alpi/alert-rules.yaml").Should().Be("/etc/alpi/oncall.yaml");
        OnCallConfigProvider.ResolvePath("/srv/oncall.yaml", "/etc/alpi/alert-rules.yaml").Should().Be("/srv/oncall.yaml");
    }
}
