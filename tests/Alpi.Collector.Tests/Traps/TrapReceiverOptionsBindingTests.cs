using System.Collections;
using System.Reflection;
using Alpi.Collector.Traps;
using Microsoft.Extensions.Configuration;

namespace Alpi.Collector.Tests.Traps;

/// <summary>
/// Microsoft.Extensions.Configuration's binder appends configured list items to a list the options class initialised,
/// so a default list stays in force beside the configured one (for communities: <c>public</c> accepted whatever the
/// configuration says).
/// </summary>
[TestFixture]
public sealed class TrapReceiverOptionsBindingTests
{
    [Test]
    public void Bind_CommunitiesConfigured_ReplaceTheDefault()
    {
        var options = Bind(new() { ["Collector:Traps:Communities:0"] = "s3cret", ["Collector:Traps:Communities:1"] = "other" });

        options.Traps.AcceptedCommunities.Should().Equal("s3cret", "other");
    }

    [Test]
    public void Bind_CommunitiesNotConfigured_AcceptPublicOnly()
    {
        var options = Bind(new() { ["Collector:Traps:Port"] = "1162" });

        options.Traps.AcceptedCommunities.Should().Equal("public");
    }

    [Test]
    public void Bind_CommunityConfigured_PublicIsDroppedByTheHandler()
    {
        var options = Bind(new() { ["Collector:Traps:Communities:0"] = "s3cret" });

        options.Traps.AcceptedCommunities.Should().NotContain("public");
    }

    /// <summary>
    /// Every options class of the daemons: no collection property starts with items (the same pitfall for SNMP
    /// devices, RADIUS clients, tokens, notification channels, headers, policies…). A default list belongs beside it,
    /// applied only when nothing is configured, as <see cref="TrapReceiverOptions.DefaultCommunities"/> is.
    /// </summary>
    [Test]
    public void OptionsClasses_HaveNoCollectionInitialisedWithItems()
    {
        Assembly[] assemblies = [typeof(CollectorOptions).Assembly, typeof(Alpi.Agent.AgentOptions).Assembly, typeof(Alpi.HotspotController.HotspotOptions).Assembly];
        var optionsTypes = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .ToList();
        optionsTypes.Should().Contain(typeof(TrapReceiverOptions)).And.HaveCountGreaterThan(20, "the scan finds the options classes");

        var offenders = new List<string>();
        foreach (var type in optionsTypes)
        {
            var instance = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0 && property.PropertyType != typeof(string)
                    && typeof(IEnumerable).IsAssignableFrom(property.PropertyType)
                    && property.GetValue(instance) is IEnumerable items && items.GetEnumerator().MoveNext()
                    && !IsComputed(property))
                {
                    offenders.Add($"{type.FullName}.{property.Name}");
                }
            }
        }

        offenders.Should().BeEmpty("a configured list must replace a default, not be appended to it");
    }

    /// <summary>A get-only property without a backing field (<c>=&gt;</c>) is not bound.</summary>
    private static bool IsComputed(PropertyInfo property) =>
        property.GetSetMethod() is null
        && property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is null;

    private static CollectorOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new CollectorOptions();
        configuration.GetSection(CollectorOptions.SectionName).Bind(options);
        return options;
    }
}
