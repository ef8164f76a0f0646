using Alpi.Agent.Collection;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Tests.Collection;

public class PointBufferTests
{
    [Test]
    public void Add_PointWithoutHostTag_PutsTheAgentsHostFirstAndKeepsTheOtherTags()
    {
        var buffer = new PointBuffer("srv1", 1000);

        buffer.Add(new LinePoint("disk", [new("device", "sda"), new("path", "/")], [new("used", FieldValue.Integer(1))], null));

        buffer.Points.Should().ContainSingle().Which.Tags.Select(t => $"{t.Key}={t.Value}").Should().Equal("host=srv1", "device=sda", "path=/");
    }

    [Test]
    public void Add_PointWithItsOwnHostTag_KeepsIt()
    {
        // An SNMP device's points carry host=<device> and agent_host=<agent>: the agent's host is not added.
        var buffer = new PointBuffer("srv1", 1000);

        buffer.Add(new LinePoint("snmp_poll", [new("host", "switch1"), new("device", "switch1"), new("agent_host", "srv1")], [new("up", FieldValue.Boolean(true))], null));

        buffer.Points.Single().Tags.Select(t => $"{t.Key}={t.Value}").Should().Equal("host=switch1", "device=switch1", "agent_host=srv1");
    }

    // Each case: the point's own timestamp, and the timestamp it keeps (null means the round's, 1000).
    // No timestamp: stamped.
    [TestCase(null, 1000L)]
    // Its own timestamp, even zero (the epoch) or one before the round, is kept.
    [TestCase(0L, 0L)]
    [TestCase(999L, 999L)]
    public void Add_Timestamp_IsStampedOnlyWhenMissing(long? own, long expected)
    {
        var buffer = new PointBuffer("srv1", 1000);

        buffer.Add(new LinePoint("m", [], [new("f", FieldValue.Float(1))], own));

        buffer.Points.Single().Timestamp.Should().Be(expected);
    }

    [Test]
    public void Add_KeepsPointsInOrderAndFieldsUntouched()
    {
        var buffer = new PointBuffer("srv1", 1000);
        var fields = new KeyValuePair<string, FieldValue>[] { new("a", FieldValue.Boolean(true)), new("b", FieldValue.String("x")) };

        buffer.Add(new LinePoint("m1", [], fields, null));
        buffer.Add(new LinePoint("m2", [new("host", "other")], fields, 5));

        buffer.Points.Select(p => p.Measurement).Should().Equal("m1", "m2");
        buffer.Points.Should().AllSatisfy(p => p.Fields.Should().Equal(fields));
    }
}
