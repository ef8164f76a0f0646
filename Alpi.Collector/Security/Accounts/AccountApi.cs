using System.Security.Claims;
using System.Text.Json;
using Alpi.Collector.Api;
using Alpi.Collector.Security.Audit;
using Alpi.Collector.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// The account API (JSON, camelCase; access rules in <see cref="RouteAccessRules"/>):
/// <c>GET /api/security/me</c> (the caller, for the dashboard: <see cref="MeDto"/>); for administrators
/// <c>GET /api/security/users</c> (<see cref="AccountDto"/> list), <c>POST /api/security/users</c>
/// (<see cref="AccountCreateDto"/>, 201), <c>PATCH /api/security/users/{name}</c> (<see cref="AccountUpdateDto"/>: role,
/// password, unlock, disabled; 200)
/// and <c>DELETE /api/security/users/{name}</c> (204). Errors: 400 <c>{"error","parameter"}</c> naming the value at
/// fault, 404 unknown account, 409 existing account or last enabled administrator; each with its <c>code</c> and <c>args</c>
/// (<see cref="Protocols.Json.RefusalCodes"/>, <c>account.…</c>) for the dashboard's French and English wording. Every change, refused or not, is audited by
/// <see cref="AccountAdministration"/>.
/// </summary>
public static class AccountApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAlpiAccountApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/security/me", (HttpContext http) =>
        {
            var role = http.User.FindFirstValue(ClaimTypes.Role) ?? "";
            return Results.Json(new MeDto(http.User.FindFirstValue(ClaimTypes.Name) ?? "", role,
                http.User.FindFirstValue(SecurityClaims.AuthenticationMethod) ?? "", AccessPolicies.GrantedTo(role)), SecurityJsonContext.Default.MeDto);
        });

        endpoints.MapGet("/api/security/users", async (AccountStore accounts, HttpContext http) =>
            Results.Json<IReadOnlyList<AccountDto>>((await accounts.ListAsync(http.RequestAborted)).Select(AccountDto.From).ToList(),
                SecurityJsonContext.Default.IReadOnlyListAccountDto));

        endpoints.MapPost("/api/security/users", async (HttpContext http, AccountAdministration administration) =>
        {
            var (body, bad) = await JsonBody.ReadAsync(http, SecurityJsonContext.Default.AccountCreateDto);
            if (body is null)
            {
                return bad!;
            }

            var result = await administration.AddAsync(body.Name ?? "", body.Role ?? "", body.Password ?? "", HttpActor.Of(http), http.RequestAborted);
            return result.Account is { } account
                ? Results.Json(AccountDto.From(account), SecurityJsonContext.Default.AccountDto, statusCode: StatusCodes.Status201Created)
                : Refusal(result);
        }).WithMetadata(SelfAuditedMetadata.Instance);

        endpoints.MapPatch("/api/security/users/{name}", async (string name, HttpContext http, AccountAdministration administration, AccountStore accounts) =>
        {
            var (body, bad) = await JsonBody.ReadAsync(http, SecurityJsonContext.Default.AccountUpdateDto);
            if (body is null)
            {
                return bad!;
            }

            var actor = HttpActor.Of(http);
            var result = await accounts.FindAsync(name, http.RequestAborted) is { } found
                ? AccountResult.Ok(found)
                : AccountResult.NotFound(name);
            if (body.Role is not null && result.Account is not null)
            {
                result = await administration.SetRoleAsync(name, body.Role, actor, http.RequestAborted);
            }

            if (body.Password is not null && result.Account is not null)
            {
                result = await administration.SetPasswordAsync(name, body.Password, actor, http.RequestAborted);
            }

            if (body.Unlock == true && result.Account is not null)
            {
                result = await administration.UnlockAsync(name, actor, http.RequestAborted);
            }

            if (body.Disabled is { } disabled && result.Account is not null)
            {
                result = await administration.SetDisabledAsync(name, disabled, actor, http.RequestAborted);
            }

            return result.Account is { } account ? Results.Json(AccountDto.From(account), SecurityJsonContext.Default.AccountDto) : Refusal(result);
        }).WithMetadata(SelfAuditedMetadata.Instance);

        endpoints.MapDelete("/api/security/users/{name}", async (string name, HttpContext http, AccountAdministration administration) =>
        {
            var result = await administration.RemoveAsync(name, HttpActor.Of(http), http.RequestAborted);
            return result.Account is null ? Refusal(result) : Results.NoContent();
        }).WithMetadata(SelfAuditedMetadata.Instance);
        return endpoints;
    }

    private static IResult Refusal(AccountResult result)
    {
        var status = result.Error switch
        {
            AccountError.NotFound => StatusCodes.Status404NotFound,
            AccountError.Exists or AccountError.LastAdministrator => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return result.Refusal is { } refusal
            ? ApiProblems.Result(status, refusal, result.Parameter ?? "name")
            : ApiProblems.Result(status, result.Message ?? result.Error.ToString(), result.Parameter ?? "name");
    }
}
