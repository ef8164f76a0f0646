using System.Text.Json;
using Alpi.Collector.Api;
using Alpi.Collector.Security.Audit;
using Alpi.HotspotController;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Administration;

/// <summary>
/// The NAS clients (Cigale terminals) of the hotspot controller bundled in this process, for the dashboard's
/// administrators (JSON, camelCase; access rules in <c>Security/Authorization/RouteAccessRules.cs</c>):
/// <list type="bullet">
/// <item><c>GET /api/admin/nas</c>: every client, stored (<c>"source":"database"</c>) and declared in the controller's
/// configuration (<c>"source":"configuration"</c>, <c>Hotspot:Radius:Clients</c>, read only), as <see cref="NasClientDto"/>;</item>
/// <item><c>POST /api/admin/nas</c> with <see cref="NasClientRequest"/> (<c>name</c>, <c>address</c>, <c>secret</c>
/// required): 201 with the client; 409 when one has that name;</item>
/// <item><c>PATCH /api/admin/nas/{name}</c>: the members given replace (the secret only when one is given;
/// <c>"latitude":null,"longitude":null</c> clear the coordinates); 200; a <c>name</c>
/// other than the path's is refused (400: no renaming);</item>
/// <item>either answer holds a <c>warning</c> (<see cref="ShortSecretWarning"/>) when the secret sent is shorter than RFC 2865 §3's
/// 16 octets: the client is saved all the same, as the CLI does;</item>
/// <item><c>DELETE /api/admin/nas/{name}</c>: 204.</item>
/// </list>
/// The work is the controller's own (<see cref="HotspotAdministration"/>: the same checks and audit entries as its CLI
/// and its admin API, the actor being <c>collector:&lt;account&gt;</c>); the RADIUS servers' client cache is then
/// re-read, so that a change applies to the next request. The secret is write only: no answer ever holds it.
/// Errors (each with its <c>code</c> and <c>args</c>, <c>nas.…</c> of <see cref="RefusalCodes"/>, for the dashboard's wording):
/// 400 <c>{"error","parameter"}</c> naming the field at fault (as sent: <c>coaPort</c>); 415 for a POST or PATCH
/// body that is not <c>application/json</c> (as the controller's own admin API answers); 404 for an unknown client, and with a sentence
/// saying so when the controller is not bundled (<c>--Hotspot:Enabled=false</c>, or it runs as its own service: manage
/// its clients with its CLI or its admin API); 409 for a name in use, or a client of the controller's configuration file.
/// </summary>
public static class NasClientsApi
{
    /// <summary>The error of every route when the controller does not run in this process.</summary>
    public const string NotBundledMessage =
        "the hotspot controller does not run in this collector's process (Hotspot:Enabled=false, or it runs as its own service): "
        + "manage its NAS clients with its CLI (nas add …) or its administration API on its own port";

    /// <summary>Maps the four endpoints.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiNasClientsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/admin/nas", (HttpContext http, BundledHotspotLink link) => WithHotspotAsync(link, async hotspot =>
        {
            var stored = await hotspot.GetRequiredService<HotspotAdministration>().ListNasAsync(http.RequestAborted);
            var configured = hotspot.GetRequiredService<IOptions<HotspotOptions>>().Value.Radius.Clients.Select(c => c.ToNasClient())
                .Where(c => stored.All(s => s.Name != c.Name));
            var all = stored.Select(c => Dto(c, "database")).Concat(configured.Select(c => Dto(c, "configuration")))
                .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            return Results.Json<IReadOnlyList<NasClientDto>>(all, AdministrationJson.Default.IReadOnlyListNasClientDto);
        }));

        endpoints.MapPost("/api/admin/nas", (HttpContext http, BundledHotspotLink link) => WithHotspotAsync(link, async hotspot =>
        {
            var (request, bad) = await JsonBody.ReadAsync(http, AdministrationJson.Default.NasClientRequest);
            if (request is null)
            {
                return bad!;
            }

            if (string.IsNullOrWhiteSpace(request.Name))
            {
                return Error(StatusCodes.Status400BadRequest, Refusal.Of(RefusalCodes.NasNameRequired, "name: the terminal's name is required (1 to 64 characters)",
                    ("max", HotspotAdministration.MaxNasNameLength)), "name");
            }

            if (string.IsNullOrWhiteSpace(request.Address))
            {
                return Error(StatusCodes.Status400BadRequest, Refusal.Of(RefusalCodes.NasAddressRequired,
                    "address: the terminal's IP address or network is required (e.g. 192.0.2.10 or 192.0.2.0/24)"), "address");
            }

            if (string.IsNullOrEmpty(request.Secret))
            {
                return Error(StatusCodes.Status400BadRequest, Refusal.Of(RefusalCodes.NasSecretRequired, "secret: the RADIUS shared secret is required"), "secret");
            }

            var administration = hotspot.GetRequiredService<HotspotAdministration>();
            var name = request.Name.Trim();
            if (await FindAsync(hotspot, name, http.RequestAborted) is { } existing)
            {
                return Error(StatusCodes.Status409Conflict, Refusal.Of(RefusalCodes.NasNameExists,
                    $"name: a NAS client named {name} exists already ({existing.Source}); change it rather than add it", ("name", name), ("source", existing.Source)), "name");
            }

            var result = await administration.UpsertNasAsync(name, Change(request), Actor(http), http.RequestAborted);
            return await AnswerAsync(hotspot, result, request.Secret, StatusCodes.Status201Created, http.RequestAborted);
        }));

        endpoints.MapPatch("/api/admin/nas/{name}", (string name, HttpContext http, BundledHotspotLink link) => WithHotspotAsync(link, async hotspot =>
        {
            var (request, bad) = await JsonBody.ReadAsync(http, AdministrationJson.Default.NasClientRequest);
            if (request is null)
            {
                return bad!;
            }

            if (request.Name is { } renamed && renamed.Trim() != name)
            {
                return Error(StatusCodes.Status400BadRequest, Refusal.Of(RefusalCodes.NasNameRenamed,
                    $"name: a terminal is not renamed (its name is its host in the stored series and the connection log); add {renamed.Trim()} and delete {name}",
                    ("name", name), ("renamed", renamed.Trim())), "name");
            }

            switch ((await FindAsync(hotspot, name, http.RequestAborted))?.Source)
            {
                case null:
                    return Error(StatusCodes.Status404NotFound, NotFound(name), "name");
                case "configuration":
                    return Error(StatusCodes.Status409Conflict, Refusal.Of(RefusalCodes.NasConfiguredChange,
                        $"{name} is declared in the hotspot controller's configuration (Hotspot:Radius:Clients): change it there", ("name", name)), "name");
            }

            var result = await hotspot.GetRequiredService<HotspotAdministration>().UpsertNasAsync(name, Change(request), Actor(http), http.RequestAborted);
            return await AnswerAsync(hotspot, result, request.Secret, StatusCodes.Status200OK, http.RequestAborted);
        }));

        endpoints.MapDelete("/api/admin/nas/{name}", (string name, HttpContext http, BundledHotspotLink link) => WithHotspotAsync(link, async hotspot =>
        {
            if ((await FindAsync(hotspot, name, http.RequestAborted))?.Source == "configuration")
            {
                return Error(StatusCodes.Status409Conflict, Refusal.Of(RefusalCodes.NasConfiguredRemove,
                    $"{name} is declared in the hotspot controller's configuration (Hotspot:Radius:Clients): remove it there", ("name", name)), "name");
            }

            var result = await hotspot.GetRequiredService<HotspotAdministration>().RemoveNasAsync(name, Actor(http), http.RequestAborted);
            if (result.Status != AdminStatus.Ok)
            {
                return Error(StatusCodes.Status404NotFound, result.Refusal ?? NotFound(name), "name");
            }

            await RefreshRadiusAsync(hotspot, http.RequestAborted);
            return Results.NoContent();
        }));
        return endpoints;
    }

    private static async Task<IResult> WithHotspotAsync(BundledHotspotLink link, Func<IServiceProvider, Task<IResult>> action)
    {
        if (link.Services is not { } hotspot)
        {
            return Error(StatusCodes.Status404NotFound, NotBundled, null);
        }

        try
        {
            return await action(hotspot);
        }
        catch (ObjectDisposedException)
        {
            // The controller stopped (the process is ending).
            return Error(StatusCodes.Status404NotFound, NotBundled, null);
        }
    }

    private static async Task<NasClientDto?> FindAsync(IServiceProvider hotspot, string name, CancellationToken cancellationToken)
    {
        var stored = (await hotspot.GetRequiredService<HotspotAdministration>().ListNasAsync(cancellationToken)).FirstOrDefault(c => c.Name == name);
        if (stored is not null)
        {
            return Dto(stored, "database");
        }

        var configured = hotspot.GetRequiredService<IOptions<HotspotOptions>>().Value.Radius.Clients.FirstOrDefault(c => c.Name == name);
        return configured is null ? null : Dto(configured.ToNasClient(), "configuration");
    }

    /// <summary>The saved client (with the short-secret warning when <paramref name="secret"/>, the one sent, is short), or the refusal.</summary>
    private static async Task<IResult> AnswerAsync(IServiceProvider hotspot, AdminResult<NasClient> result, string? secret, int status, CancellationToken cancellationToken)
    {
        if (result.Status != AdminStatus.Ok)
        {
            var refused = result.Status switch
            {
                AdminStatus.NotFound => StatusCodes.Status404NotFound,
                AdminStatus.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return result.Refusal is { } refusal
                ? Error(refused, refusal, result.Parameter)
                : ApiProblems.Result(refused, result.Error ?? "the NAS client was refused", result.Parameter);
        }

        await RefreshRadiusAsync(hotspot, cancellationToken);
        var warning = string.IsNullOrEmpty(secret) ? null : HotspotAdministration.ShortSecretWarning(result.Value!.Name, secret);
        return Results.Json(Dto(result.Value!, "database") with { Warning = warning }, AdministrationJson.Default.NasClientDto, statusCode: status);
    }

    /// <summary>The RADIUS servers read the change now rather than at their next periodic refresh (<see cref="NasClientRegistry.RefreshAfterChangeAsync"/>).</summary>
    private static async Task RefreshRadiusAsync(IServiceProvider hotspot, CancellationToken cancellationToken)
    {
        if (hotspot.GetService<NasClientRegistry>() is { } registry)
        {
            await registry.RefreshAfterChangeAsync(cancellationToken);
        }
    }

    private static NasClientChange Change(NasClientRequest request) => request.ApplyTo(new(request.Address, string.IsNullOrEmpty(request.Secret) ? null : request.Secret,
        request.Tenant, request.Group, request.RequireMessageAuthenticator, request.CoaPort));

    private static NasClientDto Dto(NasClient c, string source) =>
        new(c.Name, c.Address, c.Tenant, c.GroupName, c.RequireMessageAuthenticator, c.CoaPort, c.Latitude, c.Longitude, source);

    private static string Actor(HttpContext http) => "collector:" + HttpActor.Of(http).Name;

    private static IResult Error(int status, Refusal refusal, string? parameter) => ApiProblems.Result(status, refusal, parameter);

    private static Refusal NotFound(string name) => Refusal.Of(RefusalCodes.NasNotFound, $"no NAS client is named {name}", ("name", name));

    private static readonly Refusal NotBundled = Refusal.Of(RefusalCodes.NasNotBundled, NotBundledMessage);
}
