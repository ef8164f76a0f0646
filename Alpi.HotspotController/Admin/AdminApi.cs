using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// The administration REST API (JSON, camelCase), under <c>/api/admin/</c> on the portal's listener, documented in the
/// README. Every call needs <c>Authorization: Bearer &lt;token&gt;</c> (<see cref="AdminTokenAuthenticationHandler"/>);
/// the <c>admin</c> role manages users, devices, NAS clients and sessions, the <c>dpo</c> role alone exports the
/// connection log and reads the audit log. Errors are JSON problems (RFC 9457) with 400, 401, 403, 404, 409 or 415 (a body
/// that is not <c>application/json</c>), with <c>parameter</c> naming the member or query parameter at fault when there is one.
/// Reads of personal data (the users, devices and sessions lists, the session search, the export, the audit log) are
/// written to the audit log before they are served (<see cref="PersonalDataAudit"/>, <see cref="ConnectionLogExport"/>),
/// and answered 503 when that entry cannot be written.
/// </summary>
public static class AdminApi
{
    /// <summary>The authorisation policy of the <c>admin</c> role.</summary>
    public const string AdminPolicy = "Alpi.Hotspot.Admin";

    /// <summary>The authorisation policy of the <c>dpo</c> role.</summary>
    public const string DpoPolicy = "Alpi.Hotspot.Dpo";

    /// <summary>
    /// Registers the token authentication scheme, the two role policies and the API's JSON contracts, and makes request
    /// binding failures throw so that <see cref="AdminBadRequests"/> answers them.
    /// </summary>
    public static IServiceCollection AddAlpiHotspotAdminApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AdminTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(AdminRoles.Admin))
            .AddPolicy(DpoPolicy, p => p.AddAuthenticationSchemes(AdminTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(AdminRoles.Dpo));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        // Binding failures are thrown and answered as problems by AdminBadRequests, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Maps the administration endpoints (called by <see cref="HotspotApplication.Create"/>).</summary>
    public static IEndpointRouteBuilder MapAlpiHotspotAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = endpoints.MapGroup("/api/admin").RequireAuthorization(AdminPolicy);
        MapUsers(admin);
        MapDevices(admin);
        MapNas(admin);
        MapSessions(admin);

        var dpo = endpoints.MapGroup("/api/admin").RequireAuthorization(DpoPolicy);
        // A 403 of the export (an admin token) is audited as a refused read, as the export's own refusals are.
        dpo.MapGet("/legal-log/export", ExportAsync).WithMetadata(new PersonalDataReadMetadata(AuditActions.LegalLogExport));
        // The audit log names accounts, devices and addresses: reading it is a read of personal data too, audited first.
        dpo.MapGet("/audit", async (int? limit, string? action, HttpContext http, AuditLog audit, PersonalDataAudit personalData) =>
        {
            var asked = string.IsNullOrWhiteSpace(action) ? null : action;
            var count = Math.Clamp(limit ?? 100, 1, 10_000);
            var entries = await audit.ListAsync(count, asked, http.RequestAborted);
            return await personalData.ServedAsync(http, AuditActions.AuditList,
                    [.. asked is null ? [] : new KeyValuePair<string, string?>[] { new("action", asked) }, new("limit", count.ToString(CultureInfo.InvariantCulture))], entries.Count)
                ? Results.Json<IReadOnlyList<AuditEntryDto>>(entries.Select(AuditEntryDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListAuditEntryDto)
                : PersonalDataAudit.Unavailable();
        }).WithAuditedQueryParameters(AuditActions.AuditList, "limit", "action").AuditingFailures(AuditActions.AuditList);
        return endpoints;
    }

    private static void MapUsers(RouteGroupBuilder admin)
    {
        // Personal data (logins, e-mail addresses): audited before it is served, as the sessions are.
        admin.MapGet("/users", async (HttpContext http, HotspotAdministration administration, PersonalDataAudit audit) =>
        {
            var users = await administration.ListUsersAsync(http.RequestAborted);
            return await audit.ServedAsync(http, AuditActions.UserList, [], users.Count)
                ? Results.Json<IReadOnlyList<UserDto>>(users.Select(UserDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListUserDto)
                : PersonalDataAudit.Unavailable();
        }).WithAuditedQueryParameters(AuditActions.UserList).AuditingFailures(AuditActions.UserList);

        admin.MapPost("/users", async (NewUserRequest request, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.AddUserAsync(request.Login, request.Password, request.Email, Actor(user), ct);
            return result.Status == AdminStatus.Ok
                ? Results.Json(UserDto.From(result.Value!), AdminJsonContext.Default.UserDto, statusCode: StatusCodes.Status201Created)
                : Problem(result);
        });

        admin.MapPost("/users/{login}/block", (string login, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
            BlockUserAsync(login, true, administration, user, ct));
        admin.MapPost("/users/{login}/unblock", (string login, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
            BlockUserAsync(login, false, administration, user, ct));

        admin.MapPut("/users/{login}/password", async (string login, PasswordRequest request, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.SetUserPasswordAsync(login, request.Password, Actor(user), ct);
            return result.Status == AdminStatus.Ok ? Results.NoContent() : Problem(result);
        });

        admin.MapDelete("/users/{login}", async (string login, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.DeleteUserAsync(login, Actor(user), ct);
            return result.Status == AdminStatus.Ok
                ? Results.Json(new DeleteResultDto(result.Value!.Disconnections.Select(DisconnectionDto.From).ToList()), AdminJsonContext.Default.DeleteResultDto)
                : Problem(result);
        });
    }

    private static void MapDevices(RouteGroupBuilder admin)
    {
        // Personal data (MACs and their accounts): audited before it is served, a refusal (an unknown account) too.
        admin.MapGet("/devices", async (string? user, HttpContext http, HotspotAdministration administration, PersonalDataAudit audit) =>
        {
            var result = await administration.ListDevicesAsync(user, http.RequestAborted);
            if (result.Status != AdminStatus.Ok)
            {
                var problem = ProblemOf(result);
                await audit.RefusedAsync(http, AuditActions.DeviceList, problem);
                return Answer(problem);
            }

            return await audit.ServedAsync(http, AuditActions.DeviceList, string.IsNullOrWhiteSpace(user) ? [] : [new("user", user)], result.Value!.Count)
                ? Results.Json<IReadOnlyList<DeviceDto>>(result.Value!.Select(DeviceDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListDeviceDto)
                : PersonalDataAudit.Unavailable();
        }).WithAuditedQueryParameters(AuditActions.DeviceList, "user").AuditingFailures(AuditActions.DeviceList);

        admin.MapPost("/devices", async (NewDeviceRequest request, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.AddDeviceAsync(request.Mac, request.User, Actor(user), ct);
            return result.Status == AdminStatus.Ok
                ? Results.Json(DeviceDto.From(result.Value!), AdminJsonContext.Default.DeviceDto, statusCode: StatusCodes.Status201Created)
                : Problem(result);
        });

        admin.MapDelete("/devices/{mac}", async (string mac, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.RemoveDeviceAsync(mac, Actor(user), ct);
            return result.Status == AdminStatus.Ok ? Results.NoContent() : Problem(result);
        });

        admin.MapPost("/devices/{mac}/block", (string mac, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
            BlockDeviceAsync(mac, true, administration, user, ct));
        admin.MapPost("/devices/{mac}/unblock", (string mac, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
            BlockDeviceAsync(mac, false, administration, user, ct));
    }

    private static void MapNas(RouteGroupBuilder admin)
    {
        admin.MapGet("/nas", async (HotspotAdministration administration, CancellationToken ct) =>
            Results.Json<IReadOnlyList<NasDto>>((await administration.ListNasAsync(ct)).Select(NasDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListNasDto))
            .WithQueryParameters();

        // After a change the RADIUS servers re-read their clients at once, as the collector's NAS administration does:
        // a terminal moved to a new address is served from its first request, and no longer from the old address.
        admin.MapPut("/nas/{name}", async (string name, NasRequest request, HotspotAdministration administration, NasClientRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var change = request.ApplyTo(new NasClientChange(request.Address, request.Secret, request.Tenant, request.Group, request.RequireMessageAuthenticator, request.CoaPort));
            var result = await administration.UpsertNasAsync(name, change, Actor(user), ct);
            if (result.Status != AdminStatus.Ok)
            {
                return Problem(result);
            }

            await registry.RefreshAfterChangeAsync(ct);

            var warning = string.IsNullOrEmpty(request.Secret) ? null : HotspotAdministration.ShortSecretWarning(result.Value!.Name, request.Secret);
            return Results.Json(NasDto.From(result.Value!) with { Warning = warning }, AdminJsonContext.Default.NasDto);
        });

        admin.MapDelete("/nas/{name}", async (string name, HotspotAdministration administration, NasClientRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.RemoveNasAsync(name, Actor(user), ct);
            if (result.Status != AdminStatus.Ok)
            {
                return Problem(result);
            }

            await registry.RefreshAfterChangeAsync(ct);
            return Results.NoContent();
        });
    }

    private static void MapSessions(RouteGroupBuilder admin)
    {
        // Personal data: each read is audited before it is served (PersonalDataAudit), and each refused one with its reason.
        admin.MapGet("/sessions", async (HttpContext http, HotspotAdministration administration, PersonalDataAudit audit) =>
        {
            if (!TryCriteria(http.Request, out var criteria, out var refusal, out var limit))
            {
                await audit.RefusedAsync(http, AuditActions.SessionList, refusal);
                return Answer(refusal);
            }

            var open = await administration.ListOpenSessionsAsync(criteria, limit, http.RequestAborted);
            return await audit.ServedAsync(http, AuditActions.SessionList, Asked(criteria with { From = null, To = null }, limit), open.Count)
                ? Results.Json<IReadOnlyList<SessionDto>>(open.Select(SessionDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListSessionDto)
                : PersonalDataAudit.Unavailable();
        }).AuditingFailures(AuditActions.SessionList);

        admin.MapGet("/sessions/search", async (HttpContext http, HotspotAdministration administration, PersonalDataAudit audit) =>
        {
            if (!TryCriteria(http.Request, out var criteria, out var refusal, out var limit))
            {
                await audit.RefusedAsync(http, AuditActions.SessionSearch, refusal);
                return Answer(refusal);
            }

            var result = await administration.SearchSessionsAsync(criteria, limit, http.RequestAborted);
            if (result.Status != AdminStatus.Ok)
            {
                var problem = ProblemOf(result);
                await audit.RefusedAsync(http, AuditActions.SessionSearch, problem);
                return Answer(problem);
            }

            return await audit.ServedAsync(http, AuditActions.SessionSearch, Asked(criteria, limit), result.Value!.Count)
                ? Results.Json<IReadOnlyList<SessionDto>>(result.Value!.Select(SessionDto.From).ToList(), AdminJsonContext.Default.IReadOnlyListSessionDto)
                : PersonalDataAudit.Unavailable();
        }).AuditingFailures(AuditActions.SessionSearch);

        admin.MapPost("/sessions/{nas}/{acctSessionId}/disconnect", async (string nas, string acctSessionId, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await administration.DisconnectSessionAsync(Slash(nas), Slash(acctSessionId), Actor(user), ct);
            return result.Status == AdminStatus.Ok ? Results.Json(DisconnectionDto.From(result.Value!), AdminJsonContext.Default.DisconnectionDto) : Problem(result);
        });
    }

    private static async Task ExportAsync(HttpContext http, ConnectionLogExport export, PersonalDataAudit audit, CancellationToken ct)
    {
        // A refused export is audited too (outcome refused, with the query and the reason), as the other reads are.
        if (!TryCriteria(http.Request, out var criteria, out var refusal, out _))
        {
            await audit.RefusedAsync(http, AuditActions.LegalLogExport, refusal);
            await Answer(refusal).ExecuteAsync(http);
            return;
        }

        if (criteria.From is null || criteria.To is null)
        {
            const string unbounded = "from and to are required: an export covers a bounded period (ISO-8601, e.g. from=2026-01-01T00:00:00Z&to=2026-01-31T23:59:59Z)";
            var problem = ProblemOf(StatusCodes.Status400BadRequest, "Bad Request", unbounded, null);
            await audit.RefusedAsync(http, AuditActions.LegalLogExport, problem);
            await Answer(problem).ExecuteAsync(http);
            return;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"connection-log-{criteria.From.Value.UtcDateTime:yyyyMMddTHHmmssZ}-{criteria.To.Value.UtcDateTime:yyyyMMddTHHmmssZ}.csv");
        http.Response.ContentType = "text/csv; charset=utf-8; header=present";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            await export.WriteCsvAsync(criteria, Actor(http.User), "api", http.Response.Body, ct);
        }
        catch (DbException e) when (!http.Response.HasStarted)
        {
            // The audit entry (or the count it records) could not be written: nothing was sent, and nothing will be.
            audit.ExportNotServed(Actor(http.User), e);
            http.Response.Clear();
            await PersonalDataAudit.Unavailable().ExecuteAsync(http);
        }
    }

    private static async Task<IResult> BlockUserAsync(string login, bool blocked, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await administration.SetUserBlockedAsync(login, blocked, Actor(user), ct);
        return result.Status == AdminStatus.Ok
            ? Results.Json(new BlockResultDto(blocked, result.Value!.Disconnections.Select(DisconnectionDto.From).ToList()), AdminJsonContext.Default.BlockResultDto)
            : Problem(result);
    }

    private static async Task<IResult> BlockDeviceAsync(string mac, bool blocked, HotspotAdministration administration, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await administration.SetDeviceBlockedAsync(mac, blocked, Actor(user), ct);
        return result.Status == AdminStatus.Ok
            ? Results.Json(new BlockResultDto(blocked, result.Value!.Select(DisconnectionDto.From).ToList()), AdminJsonContext.Default.BlockResultDto)
            : Problem(result);
    }

    /// <summary>Reads <c>from</c>, <c>to</c>, <c>ip</c>, <c>mac</c>, <c>user</c>, <c>nas</c> and <c>limit</c> (1–10,000, default 1,000).</summary>
    private static readonly string[] SessionParameters = ["from", "to", "ip", "mac", "user", "nas", "limit"];

    /// <summary>
    /// Reads the criteria of a session read or export; a refusal is the problem to answer (and to audit), with the code of
    /// the criterion at fault (<c>wifi.search.time</c>, <c>wifi.search.ip</c>, <c>wifi.search.limit</c>…) when it has one.
    /// </summary>
    private static bool TryCriteria(HttpRequest request, out ConnectionLogCriteria criteria, [NotNullWhen(false)] out ApiProblem? refusal, out int limit)
    {
        var q = request.Query;
        refusal = null;
        limit = 1000;
        criteria = new ConnectionLogCriteria();
        // A typo'd filter (?usr=alice) must not answer every session of the connection log.
        if (AdminQueryParameters.Unknown(q, SessionParameters) is { } unknown)
        {
            refusal = unknown;
            return false;
        }

        if (!ConnectionLogCriteria.TryRead(q["from"], q["to"], q["ip"], q["mac"], q["user"], q["nas"], out var parsed, out var error))
        {
            refusal = ProblemOf(StatusCodes.Status400BadRequest, "Bad Request", error.Sentence, error);
            return false;
        }

        criteria = parsed;
        if (q.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > HotspotAdministration.MaxSessions))
        {
            var limitRefusal = Refusal.Of(RefusalCodes.WifiSearchLimit, $"limit: \"{limitText}\" is not 1 to {HotspotAdministration.MaxSessions}",
                ("value", limitText.ToString()), ("max", HotspotAdministration.MaxSessions));
            refusal = ProblemOf(StatusCodes.Status400BadRequest, "Bad Request", limitRefusal.Sentence, limitRefusal);
            return false;
        }

        return true;
    }

    /// <summary>What a session read asked, for its audit entry: the criteria as an export records them, then the limit.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Asked(ConnectionLogCriteria criteria, int limit) =>
        [.. criteria.ToAuditDetails(), new("limit", limit.ToString(CultureInfo.InvariantCulture))];

    // Routing decodes every escape of a path segment except %2F; Acct-Session-Ids may hold a '/'.
    private static string Slash(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static RouteHandlerBuilder AuditingFailures(this RouteHandlerBuilder builder, string action) => PersonalDataAudit.AuditingFailures(builder, action);

    private static IResult Problem<T>(AdminResult<T> result) => Answer(ProblemOf(result));

    // The refusal's code and values go with its sentence when it has them (nas.address.octal), for clients that word it.
    private static ApiProblem ProblemOf<T>(AdminResult<T> result) => result.Status switch
    {
        AdminStatus.NotFound => ProblemOf(StatusCodes.Status404NotFound, "Not Found", result.Error, result.Refusal),
        AdminStatus.Conflict => ProblemOf(StatusCodes.Status409Conflict, "Conflict", result.Error, result.Refusal),
        _ => ProblemOf(StatusCodes.Status400BadRequest, "Bad Request", result.Error, result.Refusal),
    };

    // "parameter" names the member or query parameter the sentence starts with (coaPort: …), as the collector's problems do.
    private static ApiProblem ProblemOf(int status, string title, string? detail, Refusal? refusal) =>
        (AdminTokenAuthenticationHandler.ProblemOf(status, title, detail) with { Parameter = AdminErrors.ParameterOf(detail) }).With(refusal);

    private static IResult Answer(ApiProblem problem) => AdminQueryParameters.Answer(problem);
}
