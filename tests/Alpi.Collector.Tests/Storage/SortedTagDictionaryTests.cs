using Alpi.Collector.Storage;

namespace Alpi.Collector.Tests.Storage;

public class SortedTagDictionaryTests
{
    private static KeyValuePair<string, string> Tag(string key, string value) => new(key, value);

    [Test]
    public void From_UnsortedTags_EnumeratesSortedByKeyOrdinal()
    {
        // Ordinal: upper case before lower case, as the series key prefix sorts them.
        var tags = SortedTagDictionary.From([Tag("tenant", "acme"), Tag("host", "srv1"), Tag("Zone", "z"), Tag("cpu", "cpu0")]);

        tags.Keys.Should().Equal("Zone", "cpu", "host", "tenant");
        tags.Values.Should().Equal("z", "cpu0", "srv1", "acme");
        tags.Count.Should().Be(4);
    }

    [Test]
    public void From_RepeatedKey_LastValueWins()
    {
        // A line-protocol point may repeat a tag key; the series keeps the last value, as SortedDictionary[key] = value did.
        var tags = SortedTagDictionary.From([Tag("host", "a"), Tag("cpu", "cpu0"), Tag("host", "b")]);

        tags.Should().Equal(Tag("cpu", "cpu0"), Tag("host", "b"));
    }

    [TestCase("cpu", true, "cpu0")]
    [TestCase("host", true, "srv1")]
    [TestCase("tenant", true, "acme")]
    // Absent keys before, between and after the present ones.
    [TestCase("a", false, null)]
    [TestCase("disk", false, null)]
    [TestCase("zz", false, null)]
    // Lookups are case-sensitive.
    [TestCase("Host", false, null)]
    public void TryGetValue_FindsExactlyThePresentKeys(string key, bool found, string? value)
    {
        var tags = SortedTagDictionary.From([Tag("tenant", "acme"), Tag("host", "srv1"), Tag("cpu", "cpu0")]);

        tags.TryGetValue(key, out var actual).Should().Be(found);
        actual.Should().Be(value);
        tags.ContainsKey(key).Should().Be(found);
    }

    [Test]
    public void Indexer_AbsentKey_ThrowsKeyNotFoundNamingTheKey()
    {
        var tags = SortedTagDictionary.From([Tag("host", "srv1")]);

        var read = () => tags["path"];

        read.Should().Throw<KeyNotFoundException>().WithMessage("*path*");
    }

    [Test]
    public void From_NoTags_IsEmpty()
    {
        var tags = SortedTagDictionary.From([]);

        tags.Should().BeEmpty();
        tags.TryGetValue("host", out _).Should().BeFalse();
    }
}
