using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// Authenticates the administration API by bearer token (RFC 6750 §2.1: <c>Authorization: Bearer &lt;token&gt;</c>)
/// against <see cref="AdminOptions.Tokens"/>: the caller becomes the token's name with its role. The presented token
/// is hashed with SHA-256 and compared with every configured token's hash in constant time, all of them, so the
/// answer time tells nothing about the tokens. A refusal is a JSON problem (RFC 9457): 401 with
/// <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3) without a valid token, 403 (<c>code</c> <c>access.role</c>, as the
/// collector's) when the role does not allow the endpoint. A 403 of an endpoint serving personal data
/// (<see cref="PersonalDataReadMetadata"/>) is written to the audit log as a refused read, with the token's name, the
/// query as sent and <c>403 access.role: …</c>, before it is answered.
/// </summary>
public sealed class AdminTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<HotspotOptions> hotspotOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = "AlpiAdminToken";

    /// <summary>The realm of the <c>WWW-Authenticate</c> challenge.</summary>
    public const string Realm = "alpi-hotspot-admin";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a bearer token"));
        }

        var match = Match(header["Bearer ".Length..].Trim(), hotspotOptions.Value.Admin.Tokens);
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown token"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\"";
        return WriteProblemAsync(Response, StatusCodes.Status401Unauthorized, "Unauthorized",
            "A valid API token is required: Authorization: Bearer <token> (Hotspot:Admin:Tokens).");
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "";
        var refusal = Refusal.Of(RefusalCodes.AccessRole,
            $"The token's role ({role}) does not allow this; the connection-log export and the audit log need the '{AdminRoles.Dpo}' role, the rest the '{AdminRoles.Admin}' role.",
            ("role", role));
        var problem = ProblemOf(StatusCodes.Status403Forbidden, "Forbidden", refusal.Sentence).With(refusal);
        // Refused attempts at personal data are the DPO's business too (RGPD art. 5.2): recorded before the answer leaves.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<PersonalDataReadMetadata>() is { } read)
        {
            await Context.RequestServices.GetRequiredService<PersonalDataAudit>().RefusedAsync(Context, read.Action, problem);
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType);
    }

    /// <summary>
    /// The configured token equal to <paramref name="presented"/>, compared through SHA-256 in constant time over all
    /// tokens, or null. Tokens shorter than <see cref="AdminTokenOptions.MinTokenLength"/> never match.
    /// </summary>
    internal static AdminTokenOptions? Match(string presented, IReadOnlyList<AdminTokenOptions> tokens)
    {
        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> candidateHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        AdminTokenOptions? match = null;
        foreach (var token in tokens)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token.Token ?? ""), candidateHash);
            var equal = CryptographicOperations.FixedTimeEquals(presentedHash, candidateHash);
            if (equal && (token.Token?.Length ?? 0) >= AdminTokenOptions.MinTokenLength)
            {
                match = token;
            }
        }

        return match;
    }

    /// <summary>Writes an <c>application/problem+json</c> answer (RFC 9457).</summary>
    internal static Task WriteProblemAsync(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(ProblemOf(status, title, detail), ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType);
    }

    /// <summary>
    /// The RFC 9457 problem of a 4xx answer, its <c>type</c> the status's section of RFC 9110 (§15.5.1 for 400 …
    /// §15.5.10 for 409), written without <c>\u003C</c>-style escapes (<see cref="ApiProblemContext.Readable"/>).
    /// </summary>
    internal static ApiProblem ProblemOf(int status, string title, string? detail) =>
        new(ApiProblem.TypeFor(status), title, status, detail ?? title);
}
