using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage;

public class SeriesRegistryTests
{
    [Test]
    public void GetOrCreate_SameIdentityInAnotherTagOrder_ReturnsTheSameSeries()
    {
        var registry = new SeriesRegistry();

        var first = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_user", 1), "usage_user", out var firstCreated);
        var second = registry.GetOrCreate(Float("cpu", "cpu=cpu0,host=srv1,tenant=acme", "usage_user", 2), "usage_user", out var secondCreated);

        firstCreated.Should().BeTrue();
        secondCreated.Should().BeFalse();
        second.Should().BeSameAs(first);
        registry.Count.Should().Be(1);
    }

    [Test]
    public void GetOrCreate_NewSeries_KeepsTenantHostAndSortedTags()
    {
        var registry = new SeriesRegistry();

        var series = registry.GetOrCreate(Float("disk", "tenant=acme,path=/,host=srv1", "used", 1), "used", out _);

        series.Id.Should().Be(1);
        series.Measurement.Should().Be("disk");
        series.Field.Should().Be("used");
        series.Tenant.Should().Be("acme");
        series.Host.Should().Be("srv1");
        series.Tags.Keys.Should().Equal("host", "path", "tenant");
        series.Tags["path"].Should().Be("/");
    }

    [Test]
    public void GetOrCreate_FieldsOfOnePoint_ShareOneTagSet()
    {
        // Memory per series: the ten fields of a point are ten series with the same tags, held once.
        var registry = new SeriesRegistry();
        var point = Float("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_user", 1);
        var prefix = SeriesRegistry.SeriesKeyPrefix(point);

        var user = registry.GetOrCreate(point, prefix, "usage_user", out _);
        var system = registry.GetOrCreate(point, prefix, "usage_system", out _);
        var other = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1,cpu=cpu1", "usage_user", 1), "usage_user", out _);

        system.Tags.Should().BeSameAs(user.Tags);
        other.Tags.Should().NotBeSameAs(user.Tags);
        other.Tags["cpu"].Should().Be("cpu1");
        user.Tags["cpu"].Should().Be("cpu0");
    }

    // Each case: the second point's measurement, tags and field, differing from "cpu,tenant=acme,host=srv1,cpu=cpu0 usage_user" in one way.
    // Another field of the same point.
    [TestCase("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_system")]
    // Another value of a tag.
    [TestCase("cpu", "tenant=acme,host=srv1,cpu=cpu1", "usage_user")]
    // One tag more.
    [TestCase("cpu", "tenant=acme,host=srv1,cpu=cpu0,core=0", "usage_user")]
    // One tag less.
    [TestCase("cpu", "tenant=acme,host=srv1", "usage_user")]
    // Another host, another tenant.
    [TestCase("cpu", "tenant=acme,host=srv2,cpu=cpu0", "usage_user")]
    [TestCase("cpu", "tenant=other,host=srv1,cpu=cpu0", "usage_user")]
    // Another measurement.
    [TestCase("cpu2", "tenant=acme,host=srv1,cpu=cpu0", "usage_user")]
    // Names that would collide if joined with printable separators.
    [TestCase("cpu", "tenant=acme,host=srv1,cpu=cpu0,usage=user", "")]
    public void GetOrCreate_DifferentIdentity_CreatesANewId(string measurement, string tags, string field)
    {
        var registry = new SeriesRegistry();
        var first = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_user", 1), "usage_user", out _);

        var second = registry.GetOrCreate(Float(measurement, tags, field, 1), field, out var created);

        created.Should().BeTrue();
        second.Id.Should().Be(first.Id + 1);
        registry.Count.Should().Be(2);
    }

    // A point without the tenant tag, or without the host tag.
    [TestCase("host=srv1")]
    [TestCase("tenant=acme")]
    [TestCase("")]
    public void GetOrCreate_PointWithoutTenantOrHost_ThrowsAndCreatesNothing(string tags)
    {
        var registry = new SeriesRegistry();

        var create = () => registry.GetOrCreate(Float("cpu", tags, "usage", 1), "usage", out _);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("point");
        registry.Count.Should().Be(0);
    }

    [Test]
    public void Load_ThenGetOrCreate_FindsLoadedSeriesAndContinuesIdsAfterTheLargest()
    {
        var registry = new SeriesRegistry();
        var loaded = new SeriesInfo(7, "cpu", "usage_user", "acme", "srv1",
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["cpu"] = "cpu0", ["host"] = "srv1", ["tenant"] = "acme" });
        registry.Load(new SeriesInfo(3, "mem", "used", "acme", "srv1",
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = "srv1", ["tenant"] = "acme" }));
        registry.Load(loaded);

        var same = registry.GetOrCreate(Float("cpu", "host=srv1,cpu=cpu0,tenant=acme", "usage_user", 1), "usage_user", out var sameCreated);
        var next = registry.GetOrCreate(Float("cpu", "host=srv1,cpu=cpu0,tenant=acme", "usage_system", 1), "usage_system", out var nextCreated);

        sameCreated.Should().BeFalse();
        same.Should().BeSameAs(loaded);
        nextCreated.Should().BeTrue();
        next.Id.Should().Be(8);
        registry.Count.Should().Be(3);
    }

    [Test]
    public void Remove_CreatedSeries_IsCreatedAgainWithANewId()
    {
        var registry = new SeriesRegistry();
        var kept = registry.GetOrCreate(Float("mem", "tenant=acme,host=srv1", "used", 1), "used", out _);
        var forgotten = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1", "usage", 1), "usage", out _);

        registry.Remove(forgotten);
        var again = registry.GetOrCreate(Float("cpu", "host=srv1,tenant=acme", "usage", 1), "usage", out var created);

        created.Should().BeTrue();
        again.Id.Should().Be(forgotten.Id + 1);
        registry.Publish(kept);
        registry.Publish(again);
        registry.List("acme", "srv1").Should().Equal(again, kept);
    }

    [Test]
    public void Remove_LastSeriesOfAHost_LeavesTheHostWithoutSeries()
    {
        var registry = new SeriesRegistry();
        var series = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1,host=srv1", "usage", 1), "usage", out _);

        registry.Remove(series);

        registry.Count.Should().Be(0);
        registry.List(null, null).Should().BeEmpty();
        registry.List("acme", "srv1").Should().BeEmpty();
    }

    [Test]
    public void List_OfAMeasurement_GivesItsSeriesOfEveryHostOrOfOne_SortedByFieldThenId_PublishedOnly()
    {
        var registry = new SeriesRegistry();
        var wifiB = registry.GetOrCreate(Float("hotspot_terminal", "tenant=acme,host=ctl1,terminal=b", "sessions", 1), "sessions", out _);
        var cpu = registry.GetOrCreate(Float("cpu", "tenant=acme,host=ctl1", "usage", 1), "usage", out _);
        var wifiA = registry.GetOrCreate(Float("hotspot_terminal", "tenant=mairie,host=ctl2,terminal=a", "sessions", 1), "sessions", out _);
        var wifiUp = registry.GetOrCreate(Float("hotspot_terminal", "tenant=mairie,host=ctl2,terminal=a", "up", 1), "up", out _);
        var pending = registry.GetOrCreate(Float("hotspot_terminal", "tenant=acme,host=ctl1,terminal=c", "sessions", 1), "sessions", out _);
        foreach (var s in new[] { wifiB, cpu, wifiA, wifiUp })
        {
            registry.Publish(s);
        }

        registry.List(null, null, "hotspot_terminal").Should().Equal(wifiB, wifiA, wifiUp);
        registry.List("mairie", null, "hotspot_terminal").Should().Equal(wifiA, wifiUp);
        registry.List(null, "ctl1", "hotspot_terminal").Should().Equal(wifiB);
        registry.List(null, null, "snmp_poll").Should().BeEmpty();
        registry.Match(new SeriesQuery("hotspot_terminal", "sessions", null, null, new Dictionary<string, string>(), 0, 1, 1, Aggregation.Avg)).Should().Equal(wifiB, wifiA);

        registry.Remove(wifiA);
        registry.Publish(pending);
        registry.List(null, null, "hotspot_terminal").Should().Equal(wifiB, pending, wifiUp);
    }

    [Test]
    public void List_SeriesCreatedForAWriteNotCommitted_IsNotListedUntilPublished()
    {
        var registry = new SeriesRegistry();
        var series = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1", "usage", 1), "usage", out var created);
        created.Should().BeTrue();

        registry.List("acme", "srv1").Should().BeEmpty("its points are not committed yet");
        registry.List(null, null).Should().BeEmpty();
        registry.Match(new SeriesQuery("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), 0, 1, 1, Aggregation.Avg)).Should().BeEmpty();
        registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1", "usage", 2), "usage", out var createdAgain).Should().BeSameAs(series);
        createdAgain.Should().BeFalse("known to the writer all the same");

        registry.Publish(series);
        registry.List("acme", "srv1").Should().Equal(series);
    }

    [Test]
    public void Publish_AfterRemove_DoesNotListTheForgottenSeries()
    {
        var registry = new SeriesRegistry();
        var series = registry.GetOrCreate(Float("cpu", "tenant=acme,host=srv1", "usage", 1), "usage", out _);
        registry.Remove(series);

        registry.Publish(series);

        registry.List(null, null).Should().BeEmpty();
    }

    [Test]
    public void List_ByTenantAndHost_ReturnsThatHostsSeriesSortedByMeasurementThenField()
    {
        var registry = Populated();

        registry.List("acme", "srv1").Select(Describe).Should().Equal(
            "acme/srv1 cpu.usage_system cpu=cpu0",
            "acme/srv1 cpu.usage_user cpu=cpu0",
            "acme/srv1 cpu.usage_user cpu=cpu1",
            "acme/srv1 mem.used");
    }

    [Test]
    public void List_HostWithoutTenant_ReturnsThatHostInEveryTenant()
    {
        var registry = Populated();

        registry.List(null, "srv1").Select(s => s.Tenant).Distinct().Should().BeEquivalentTo("acme", "other");
        registry.List(null, "srv1").Should().HaveCount(5);
    }

    [Test]
    public void List_TenantWithoutHost_ReturnsEveryHostOfThatTenant()
    {
        var registry = Populated();

        registry.List("acme", null).Select(s => s.Host).Distinct().Should().BeEquivalentTo("srv1", "srv2");
        registry.List("acme", null).Should().HaveCount(5);
    }

    [Test]
    public void List_NoFilter_ReturnsEverySeries()
    {
        Populated().List(null, null).Should().HaveCount(6);
    }

    [Test]
    public void List_UnknownHost_ReturnsNothing()
    {
        Populated().List("acme", "nowhere").Should().BeEmpty();
        Populated().List("other", "srv2").Should().BeEmpty();
    }

    // Each case: host, tenant, tag filters ("k=v;k=v") and the series expected, described as in the test above.
    // Measurement and field on every host of every tenant.
    [TestCase(null, null, "", new[] { "acme/srv1 cpu.usage_user cpu=cpu0", "acme/srv1 cpu.usage_user cpu=cpu1", "acme/srv2 cpu.usage_user cpu=cpu0", "other/srv1 cpu.usage_user cpu=cpu0" })]
    // One host, every tenant.
    [TestCase("srv1", null, "", new[] { "acme/srv1 cpu.usage_user cpu=cpu0", "acme/srv1 cpu.usage_user cpu=cpu1", "other/srv1 cpu.usage_user cpu=cpu0" })]
    // One host of one tenant, with a tag filter.
    [TestCase("srv1", "acme", "cpu=cpu1", new[] { "acme/srv1 cpu.usage_user cpu=cpu1" })]
    // A tag filter across hosts.
    [TestCase(null, "acme", "cpu=cpu0", new[] { "acme/srv1 cpu.usage_user cpu=cpu0", "acme/srv2 cpu.usage_user cpu=cpu0" })]
    // Two tag filters must both hold; host and tenant may be filtered as tags too.
    [TestCase(null, null, "cpu=cpu0;tenant=other", new[] { "other/srv1 cpu.usage_user cpu=cpu0" })]
    // A tag value no series has, and a tag key no series has.
    [TestCase(null, null, "cpu=cpu9", new string[0])]
    [TestCase(null, null, "core=0", new string[0])]
    public void Match_Filters_ReturnOnlyMatchingSeriesOfTheMeasurementAndField(string? host, string? tenant, string tagFilters, string[] expected)
    {
        var filters = tagFilters.Length == 0
            ? new Dictionary<string, string>()
            : tagFilters.Split(';').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        var query = new SeriesQuery("cpu", "usage_user", host, tenant, filters, 0, 1, 1, Aggregation.Avg);

        Populated().Match(query).Select(Describe).Should().BeEquivalentTo(expected);
    }

    private static SeriesRegistry Populated()
    {
        var registry = new SeriesRegistry();
        foreach (var (measurement, tags, field) in new[]
        {
            ("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_user"),
            ("cpu", "tenant=acme,host=srv1,cpu=cpu0", "usage_system"),
            ("cpu", "tenant=acme,host=srv1,cpu=cpu1", "usage_user"),
            ("mem", "tenant=acme,host=srv1", "used"),
            ("cpu", "tenant=acme,host=srv2,cpu=cpu0", "usage_user"),
            ("cpu", "tenant=other,host=srv1,cpu=cpu0", "usage_user"),
        })
        {
            registry.Publish(registry.GetOrCreate(Float(measurement, tags, field, 1), field, out _));
        }

        return registry;
    }

    private static string Describe(SeriesInfo s)
    {
        var extra = string.Join(",", s.Tags.Where(t => t.Key is not ("tenant" or "host")).Select(t => $"{t.Key}={t.Value}"));
        return $"{s.Tenant}/{s.Host} {s.Measurement}.{s.Field}{(extra.Length > 0 ? " " + extra : "")}";
    }

    [Test]
    public void TryGetOrCreate_HostAtTheCap_RefusesNewSeriesCountsThemAndKeepsExistingOnes()
    {
        var registry = new SeriesRegistry(2);
        registry.TryGetOrCreate(Float("m", "tenant=t,host=h,id=1", "v", 1), SeriesRegistry.SeriesKeyPrefix(Float("m", "tenant=t,host=h,id=1", "v", 1)), "v", out _, out _).Should().BeTrue();
        registry.GetOrCreate(Float("m", "tenant=t,host=h,id=2", "v", 1), "v", out _);

        var refused = registry.TryGetOrCreate(Float("m", "tenant=t,host=h,id=3", "v", 1), SeriesRegistry.SeriesKeyPrefix(Float("m", "tenant=t,host=h,id=3", "v", 1)), "v", out var none, out _);
        var existing = registry.TryGetOrCreate(Float("m", "tenant=t,host=h,id=1", "v", 2), SeriesRegistry.SeriesKeyPrefix(Float("m", "tenant=t,host=h,id=1", "v", 2)), "v", out var kept, out var created);
        var otherHost = registry.GetOrCreate(Float("m", "tenant=t,host=other,id=3", "v", 1), "v", out _);

        refused.Should().BeFalse();
        none.Should().BeNull();
        existing.Should().BeTrue();
        created.Should().BeFalse();
        kept!.Tags["id"].Should().Be("1");
        otherHost.Host.Should().Be("other");
        registry.RefusedValues.Should().Be(1);
        registry.RefusedByHost.Should().Equal(new Dictionary<string, long> { ["t/h"] = 1 });
        registry.HostsAtLimit().Should().Equal("t/h");
        registry.DrainRefusals().Should().Equal(new Dictionary<string, long> { ["t/h"] = 1 });
        registry.DrainRefusals().Should().BeEmpty();
        var throwing = () => registry.GetOrCreate(Float("m", "tenant=t,host=h,id=4", "v", 1), "v", out _);
        throwing.Should().Throw<InvalidOperationException>().WithMessage("*t/h has 2 series*");
    }

    [Test]
    public void SeriesKeyPrefix_ListChangedAfterAFirstCall_GivesTheNewTagsPrefix()
    {
        // The prefix cache keys on a cheap hash of the tag set; a list changed in place must not get the old prefix.
        var tags = new List<KeyValuePair<string, string>> { new("tenant", "t"), new("host", "h"), new("cpu", "cpu1") };
        var point = new LinePoint("cpu", tags, [new("v", FieldValue.Float(1))], 1);
        var before = SeriesRegistry.SeriesKeyPrefix(point);

        tags[2] = new("cpu", "cpu2");
        var after = SeriesRegistry.SeriesKeyPrefix(point);

        after.Should().NotBe(before);
        after.Should().Be(SeriesRegistry.SeriesKeyPrefix(new LinePoint("cpu", [new("cpu", "cpu2"), new("host", "h"), new("tenant", "t")], [], null)));
    }

    [Test]
    public void SeriesKeyPrefix_ManyTagSetsInTurn_EachGetsItsOwnPrefix()
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 300; i++)
            {
                var prefix = SeriesRegistry.SeriesKeyPrefix(new LinePoint("cpu", [new("tenant", "t"), new("host", "h"), new("cpu", $"cpu{i}")], [], null));
                prefix.Should().Contain($"\u001ecpu{i}\u001f");
                prefixes.Add(prefix);
            }
        }

        prefixes.Should().HaveCount(300);
    }
}
