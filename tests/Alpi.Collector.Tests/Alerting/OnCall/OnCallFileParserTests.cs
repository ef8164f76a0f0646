using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;

namespace Alpi.Collector.Tests.Alerting.OnCall;

/// <summary>The on-call file: a full example loads; each mistake is reported with its line and key.</summary>
[TestFixture]
public sealed class OnCallFileParserTests
{
    public const string Sample = """
        timeZone: Europe/Paris
        people:
          alice: { email: alice@example.org, sms: "+33600000001" }
          bob: { email: bob@example.org, sms: "+33600000002" }
          lead: { email: lead@example.org }
        schedules:
          - name: primary
            rotation: [alice, bob]
            handover: monday 09:00
            start: 2026-01-05
            overrides:
              - { from: "2026-12-24 18:00", to: "2026-12-26 09:00", person: bob, reason: Christmas }
        policies:
          - name: infra
            steps:
              - { after: 0s, schedules: primary, via: [email] }
              - { after: 15m, people: [bob] }
              - { after: 30m, people: lead, channels: [email] }
            repeat: { interval: 1h, factor: 2, max: 8h }
        defaultPolicy: infra
        maintenance:
          - name: nightly-backup
            match: { tenant: mairie, host: "srv-*" }
            weekly: { days: [mon, tue, wed, thu, fri], from: "01:00", to: "03:00" }
          - name: patch-tuesday
            match: { group: windows }
            cron: "0 20 * * 2"
            duration: 2h
          - name: migration
            match: { rule: disk-full }
            once: { from: "2026-12-01 20:00", to: "2026-12-01 23:00" }
        """;

    [Test]
    public void Parse_Sample_LoadsEverything()
    {
        var config = OnCallFileParser.Parse(Sample, new HashSet<string> { "email", "sms" }, out var errors);

        errors.Should().BeEmpty();
        config!.People.Keys.Should().BeEquivalentTo("alice", "bob", "lead");
        config.Schedules["primary"].Overrides.Should().ContainSingle();
        config.Policies["infra"].Steps.Select(s => s.After).Should().Equal(TimeSpan.Zero, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
        config.PolicyFor(null)!.Name.Should().Be("infra");
        config.Maintenance.Select(m => m.Id).Should().Equal("file:nightly-backup", "file:patch-tuesday", "file:migration");
        config.Maintenance[1].Times.Should().BeOfType<CronTimes>();
    }

    [Test]
    public void Parse_ShippedSample_IsValid()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "oncall.yaml"));

        var config = OnCallFileParser.Parse(text, new HashSet<string> { "email", "sms" }, out var errors);

        errors.Should().BeEmpty();
        config!.Schedules["astreinte"].Rotation.Should().Equal("alice", "bob");
        config.Maintenance.Should().HaveCount(3);
    }

    [TestCase("timeZone: Mars/Olympus", 1, "timeZone", "not a known time zone")]
    [TestCase("schedules:\n  - { name: p, rotation: [zoe], handover: \"09:00\", start: 2026-01-05 }", 2, "schedules[0].rotation", "\"zoe\" is not a person")]
    [TestCase("schedules:\n  - { name: p, rotation: [], handover: \"monday 09:00\", start: 2026-01-06 }", 2, "schedules[0].start", "is a Tuesday")]
    [TestCase("maintenance:\n  - name: m\n    match: { host: a }\n    cron: \"61 * * * *\"\n    duration: 1h", 4, "maintenance[0].cron", "not a cron expression")]
    [TestCase("maintenance:\n  - name: m\n    match: { host: a }\n    cron: \"0 2 * * *\"", 2, "maintenance[0].duration", "a cron window needs a positive duration such as 2h: how long each occurrence lasts")]
    [TestCase("maintenance:\n  - name: m\n    match: { host: a }\n    once: { from: \"2026-12-24 18:00\", to: \"2026-12-24 20:00\" }\n    duration: 2h", 5, "maintenance[0].duration", "is for a cron window only: a once window ends at its once.to")]
    [TestCase("maintenance:\n  - name: m\n    match: { host: a }\n    weekly: { days: [mon], from: \"01:00\", to: \"02:00\" }\n    duration: 2h", 5, "maintenance[0].duration", "is for a cron window only: a weekly window ends at its weekly.to")]
    [TestCase("maintenance:\n  - name: m\n    match: { host: a }\n    weekly: { days: [caturday], from: \"01:00\", to: \"02:00\" }", 4, "maintenance[0].weekly.days", "not a weekday")]
    [TestCase("policies:\n  - name: p\n    steps:\n      - { after: 5m, channels: [pager] }", 4, "policies[0].steps[0].channels", "not a configured channel")]
    [TestCase("defaultPolicy: none", 1, "defaultPolicy", "not a policy")]
    [TestCase("pager: yes", 1, "pager", "unknown key")]
    public void Parse_Mistake_IsReportedWithLineAndKey(string yaml, int line, string key, string message)
    {
        OnCallFileParser.Parse(yaml, new HashSet<string> { "email", "sms" }, out var errors).Should().BeNull();

        errors.Should().Contain(e => e.Line == line && e.Key == key && e.Message.Contains(message),
            $"errors were: {string.Join("; ", errors)}");
    }

    [Test]
    public void Parse_AScheduleOrPolicyWithAnError_IsNotSaidMissing_WhereItIsNamed()
    {
        // A new user's check: a schedule with an error was then "not a schedule of this file" on the policy naming it.
        const string yaml = """
            people:
              alice: { email: alice@example.org }
            schedules:
              - { name: astreinte, rotation: [alice], handover: "monday 09:00", start: 2026-01-06 }
            policies:
              - name: infra
                steps:
                  - { after: 0s, schedules: [astreinte], via: [email] }
                  - { after: 5x, people: [alice] }
            defaultPolicy: infra
            """;

        OnCallFileParser.Parse(yaml, new HashSet<string> { "email", "sms" }, out var errors).Should().BeNull();

        errors.Select(e => e.Key).Should().Equal(["schedules[0].start", "policies[0].steps[1].after"], string.Join("; ", errors));
    }
}
