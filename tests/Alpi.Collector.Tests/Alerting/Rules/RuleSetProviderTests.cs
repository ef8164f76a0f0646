using Alpi.Collector.Alerting.Rules;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alpi.Collector.Tests.Alerting.Rules;

[TestFixture]
public sealed class RuleSetProviderTests
{
    [Test]
    public void Refresh_BadFileAfterGoodOne_KeepsTheGoodRulesAndReportsErrorsWithLines()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "rules.yaml");
        File.WriteAllText(path, "rules:\n  - name: a\n    kind: presence\n");
        var provider = new RuleSetProvider(path, NullLogger<RuleSetProvider>.Instance);
        provider.Refresh().Should().BeTrue();

        File.WriteAllText(path, "rules:\n  - name: a\n    kind: presence\n    silentAfter: soon\n  - name: b\n    kind: nope\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc)); // long quiet: read at once
        provider.Refresh().Should().BeFalse();

        provider.Current.Rules.Select(r => r.Name).Should().Equal("a");
        provider.ReloadFailures.Should().Be(1);
        provider.LastErrors.Select(e => e.Line).Should().Equal(4, 6);

        File.WriteAllText(path, "rules:\n  - name: c\n    kind: presence\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 2, DateTimeKind.Utc));
        provider.Refresh().Should().BeTrue();
        provider.Current.Rules.Select(r => r.Name).Should().Equal("c");
        provider.LastErrors.Should().BeEmpty();
        provider.Refresh().Should().BeFalse("unchanged");
    }

    [Test]
    public void Refresh_MissingFile_NoRulesNoError()
    {
        using var folder = new TempDirectory();
        var provider = new RuleSetProvider(Path.Combine(folder.Path, "absent.yaml"), NullLogger<RuleSetProvider>.Instance);

        provider.Refresh().Should().BeFalse();
        provider.FileExists.Should().BeFalse();
        provider.Current.Rules.Should().BeEmpty();
    }
}
