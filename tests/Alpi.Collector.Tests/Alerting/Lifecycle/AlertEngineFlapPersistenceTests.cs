using Alpi.Collector.Alerting;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Tests.Alerting.Lifecycle;

/// <summary>
/// Which flap histories the engine asks to persist: not the all-inactive ones of quiet series (one write per series
/// per tick at scale), but every history with an active result, and the deletion once that result left the window.
/// </summary>
public class AlertEngineFlapPersistenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Apply_QuietSeriesTickAfterTick_PersistsNoFlapHistory()
    {
        var (engine, rules) = Engine();

        for (var tick = 0; tick < 30; tick++)
        {
            var changes = Tick(engine, rules, tick, active: false);

            changes.Flaps.Should().BeEmpty($"tick {tick}: an all-inactive history is not worth a write");
        }
    }

    [Test]
    public void Apply_OneActiveResult_IsPersisted_ThenDeletedWhenItLeavesTheWindow()
    {
        var (engine, rules) = Engine();
        Tick(engine, rules, 0, active: false);

        Tick(engine, rules, 1, active: true).Flaps.Should().ContainSingle().Which.Value.Bits.Should().Be(1);
        Tick(engine, rules, 2, active: false).Flaps.Should().ContainSingle().Which.Value.Bits.Should().Be(2);

        var deleted = Enumerable.Range(3, 25).Select(tick => (tick, Tick(engine, rules, tick, active: false).Flaps)).First(t => t.Flaps.Any(f => f.Value == default));
        deleted.tick.Should().Be(1 + new FlapDetectionOptions().Samples, "the active result leaves the window of Samples results then");
    }

    private static (AlertEngine Engine, RuleSet Rules) Engine()
    {
        var rules = RuleFileParser.Parse("""
            rules:
              - name: disk
                kind: threshold
                measurement: disk
                field: used
                above: 90
            """, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        var engine = new AlertEngine(new FlapDetectionOptions());
        engine.Load([], [], 1);
        return (engine, rules);
    }

    private static AlertChanges Tick(AlertEngine engine, RuleSet rules, int tick, bool active)
    {
        var rule = rules.Rules[0];
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = "t", ["host"] = "h" };
        var observation = new AlertObservation(rule, "t", "h", "", tags, active, Severity.Warning, active ? 95 : 10, 90);
        return engine.Apply(rules, [observation], [new EvaluationScope(rule.Name, null, null)], T0.AddSeconds(5 * tick));
    }
}
