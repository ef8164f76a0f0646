using Alpi.Agent.Collectors;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Collector.Alerting.Rules;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Alpi.Agent.Tests.Collectors;

/// <summary>
/// The collector's shipped sample rules (<c>Alpi.Collector/alert-rules.yaml</c>) name only measurements and fields an
/// agent publishes: a rule on a field nobody sends loads and never fires. The truth is the agent's own code: the
/// embedded SNMP profiles (a counter also gives <c>&lt;field&gt;_rate</c>, an octet counter its bits-per-second
/// field) and the points its host collectors gather on this machine.
/// </summary>
[TestFixture]
public sealed class SampleAlertRulesTests
{
    [Test]
    public async Task EverySampleRule_NamesAMeasurementAndFieldTheAgentPublishes()
    {
        var published = await PublishedAsync();
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "Alpi.Collector", "alert-rules.yaml"));
        var rules = RuleFileParser.Parse(yaml, out var errors);
        errors.Should().BeEmpty();
        rules.Should().NotBeNull();

        var selectors = rules!.Rules.Select(r => (r.Name, Selector: r switch
        {
            ThresholdRule t => t.Selector,
            AbsenceRule a => a.Selector,
            _ => null,
        })).Where(r => r.Selector is not null).ToList();
        selectors.Should().NotBeEmpty();
        foreach (var (name, selector) in selectors)
        {
            published.Should().Contain($"{selector!.Measurement}.{selector.Field}",
                $"rule {name} reads {selector.Measurement}.{selector.Field}, which no SNMP profile nor host collector of the agent publishes");
        }
    }

    private static async Task<HashSet<string>> PublishedAsync()
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        var catalog = SnmpProfileCatalog.Load();
        foreach (var profile in catalog.Names.Select(catalog.Get))
        {
            foreach (var scalar in profile.Scalars)
            {
                Add(scalar.Measurement, scalar.Field, scalar.Kind, null);
            }

            foreach (var table in profile.Tables)
            {
                foreach (var column in table.Fields)
                {
                    Add(table.Measurement, column.Field, column.Kind, column.BitsPerSecondField);
                }
            }
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddAlpiHostCollectors();
        await using var provider = services.BuildServiceProvider();
        var sink = new RecordingSink();
        var collectors = provider.GetServices<IMetricCollector>().ToList();
        collectors.Should().NotBeEmpty("the host collectors run on Linux and Windows");
        // Collectors of rates and percentages publish from their second call.
        for (var round = 0; round < 2; round++)
        {
            foreach (var collector in collectors)
            {
                try
                {
                    await collector.CollectAsync(sink, CancellationToken.None);
                }
                catch (IOException)
                {
                    // As the agent does: a source this machine lacks is skipped; what a rule needs is then reported missing.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        foreach (var point in sink.Points)
        {
            foreach (var field in point.Fields)
            {
                published.Add($"{point.Measurement}.{field.Key}");
            }
        }

        return published;

        void Add(string measurement, string field, SnmpFieldKind kind, string? bitsPerSecond)
        {
            published.Add($"{measurement}.{field}");
            if (kind is SnmpFieldKind.Counter32 or SnmpFieldKind.Counter64)
            {
                published.Add($"{measurement}.{field}_rate");
            }

            if (bitsPerSecond is not null)
            {
                published.Add($"{measurement}.{bitsPerSecond}");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alpi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Alpi.slnx) is not above " + AppContext.BaseDirectory);
    }
}
