using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Api;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alpi.Collector.Alerting.Api;

/// <summary>
/// The alert rules, read only (JSON, camelCase; documented in the README, "Administration"):
/// <list type="bullet">
/// <item><c>GET /api/alerts/rules</c>: the rules in force as the engine loaded them from its file
/// (<see cref="RuleSetProvider"/>), with the file's path and the errors of a rejected newer version
/// (<see cref="AlertRulesDto"/>);</item>
/// <item><c>POST /api/alerts/rules/validate</c> with <c>{"text":"…YAML…"}</c>: checks a rule file's text with the
/// engine's own parser (<see cref="RuleFileParser"/>) and answers what it found, every error with its line, column and
/// key (<see cref="RuleValidationDto"/>); nothing is saved nor put in force. A file is changed by editing it on the
/// collector's machine; the engine reloads it within an evaluation interval.</item>
/// </list>
/// Errors: 400 <c>{"error","parameter"}</c> for a body that is not <c>{"text": string}</c>, 413 beyond
/// <see cref="MaxTextLength"/> characters.
/// </summary>
public static class AlertRulesApi
{
    /// <summary>
    /// The longest rule file text validated: 512 Ki characters (a large agency's file is a few tens of KiB), so that a
    /// longer text in a body still under <c>Collector:Http:MaxRequestBodyBytes</c> (1 MiB) is answered 413 naming <c>text</c>.
    /// </summary>
    public const int MaxTextLength = 512 * 1024;

    /// <summary>Maps the two endpoints (their access rules are in <c>Security/Authorization/RouteAccessRules.cs</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiAlertRulesApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/alerts/rules", (AlertingService alerting) =>
        {
            var provider = alerting.Rules;
            var current = provider.Current;
            var status = alerting.Status();
            var rules = current.Rules.Select(r => new AlertRuleDto(r.Name, r.Kind, RuleDescription.Of(r), r.For.TotalSeconds, AlertStore.Name(r.Severity),
                r.Policy, r.Line, r.Labels.ToDictionary(l => l.Key, l => l.Value.Source, StringComparer.Ordinal),
                r.Annotations.ToDictionary(a => a.Key, a => a.Value.Source, StringComparer.Ordinal))).ToList();
            var dependencies = current.Dependencies.Select(d => new HostDependencyDto(d.Tenant, d.Parent, d.Children, d.Line)).ToList();
            return Results.Json(new AlertRulesDto(status.Enabled, provider.Path, provider.FileExists, provider.Reloads, provider.ReloadFailures,
                provider.LastErrors.Select(RuleErrorDto.From).ToList(), rules, dependencies), AlertRulesJson.Default.AlertRulesDto);
        });

        endpoints.MapPost("/api/alerts/rules/validate", async (HttpContext http) =>
        {
            var (request, problem) = await JsonBody.ReadAsync(http, AlertRulesJson.Default.RuleValidationRequest);
            if (problem is not null)
            {
                return problem;
            }

            if (request?.Text is not { } text)
            {
                return ApiProblems.Result(StatusCodes.Status400BadRequest, Refusal.Of(RefusalCodes.RulesTextRequired, "text (the rule file's YAML, a string) is required"), "text");
            }

            if (text.Length > MaxTextLength)
            {
                return ApiProblems.Result(StatusCodes.Status413PayloadTooLarge, Refusal.Of(RefusalCodes.RulesTextLength,
                    $"text: {text.Length} characters, more than the {MaxTextLength} a rule file may have", ("length", text.Length), ("max", MaxTextLength)), "text");
            }

            var rules = RuleFileParser.Parse(text, out var errors);
            return Results.Json(new RuleValidationDto(rules is not null, rules?.Rules.Count ?? 0, rules?.Dependencies.Count ?? 0,
                errors.Select(RuleErrorDto.From).ToList()), AlertRulesJson.Default.RuleValidationDto);
        });
        return endpoints;
    }

    private static IResult Error(int status, string error, string parameter) => ApiProblems.Result(status, error, parameter);
}

/// <summary>The answer of <c>GET /api/alerts/rules</c>.</summary>
/// <param name="Enabled">False when the alert engine is switched off (<c>Collector:Alerting:Enabled</c>): the rules are then not evaluated.</param>
/// <param name="File">The rule file's absolute path on the collector's machine.</param>
/// <param name="FileExists">False while the file does not exist (no rules then).</param>
/// <param name="Reloads">Good versions of the file loaded since start.</param>
/// <param name="ReloadFailures">Rejected versions since start.</param>
/// <param name="Errors">The errors of the last rejected version (the rules in force are then the previous good ones); empty when the last version read was good.</param>
/// <param name="Rules">The rules in force, in file order.</param>
/// <param name="Dependencies">The host dependencies in force.</param>
public sealed record AlertRulesDto(bool Enabled, string File, bool FileExists, long Reloads, long ReloadFailures, IReadOnlyList<RuleErrorDto> Errors,
    IReadOnlyList<AlertRuleDto> Rules, IReadOnlyList<HostDependencyDto> Dependencies);

/// <summary>One rule in force.</summary>
/// <param name="Name">Its name (its identity).</param>
/// <param name="Kind"><c>threshold</c>, <c>absence</c>, <c>presence</c> or <c>trap</c>.</param>
/// <param name="Condition">What makes it fire, in one line (<see cref="RuleDescription"/>).</param>
/// <param name="ForSeconds">How long the condition must hold before the alert fires, in seconds (0: at once).</param>
/// <param name="Severity">Its severity (the lowest level's for a multi-level threshold): <c>info</c>, <c>warning</c>, <c>critical</c>, <c>disaster</c>.</param>
/// <param name="Policy">The escalation policy it names, or null for the on-call file's default.</param>
/// <param name="Line">Its line in the file (1-based).</param>
/// <param name="Labels">Label templates as written.</param>
/// <param name="Annotations">Annotation templates as written.</param>
public sealed record AlertRuleDto(string Name, string Kind, string Condition, double ForSeconds, string Severity, string? Policy, int Line,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>One host dependency in force.</summary>
/// <param name="Tenant">The tenant, or null for any.</param>
/// <param name="Parent">The parent host.</param>
/// <param name="Children">The child host patterns.</param>
/// <param name="Line">Its line in the file.</param>
public sealed record HostDependencyDto(string? Tenant, string Parent, IReadOnlyList<string> Children, int Line);

/// <summary>One problem of a rule file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">The key at fault (<c>rules[2].window</c>), or empty for the document.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record RuleErrorDto(int Line, int Column, string Key, string Message)
{
    /// <summary>The DTO of a parser error.</summary>
    public static RuleErrorDto From(RuleError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Line, error.Column, error.Key, error.Message);
    }
}

/// <summary>The body of <c>POST /api/alerts/rules/validate</c>.</summary>
/// <param name="Text">A rule file's YAML.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RuleValidationRequest(string? Text);

/// <summary>The answer of <c>POST /api/alerts/rules/validate</c>.</summary>
/// <param name="Valid">True when the engine would load the text.</param>
/// <param name="Rules">How many rules it has (0 when not valid).</param>
/// <param name="Dependencies">How many host dependencies it has (0 when not valid).</param>
/// <param name="Errors">Every problem, in file order; empty when valid.</param>
public sealed record RuleValidationDto(bool Valid, int Rules, int Dependencies, IReadOnlyList<RuleErrorDto> Errors);

/// <summary>Source-generated JSON of the rules API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertRulesDto))]
[JsonSerializable(typeof(RuleValidationRequest))]
[JsonSerializable(typeof(RuleValidationDto))]
internal sealed partial class AlertRulesJson : JsonSerializerContext;
