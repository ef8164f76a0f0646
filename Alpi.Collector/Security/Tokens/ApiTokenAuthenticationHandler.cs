using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Tokens;

/// <summary>
/// Authenticates scripts by bearer token (RFC 6750 §2.1: <c>Authorization: Bearer &lt;token&gt;</c>) against
/// <see cref="ApiTokenRegistry"/>: the caller becomes <c>token:&lt;name&gt;</c> with the role of the token's scope, and
/// claim <see cref="SecurityClaims.AuthenticationMethod"/> = <c>token</c>. Challenges answer 401 with
/// <c>WWW-Authenticate: Bearer realm="alpi"</c>, plus <c>error="invalid_token"</c> when a token was presented and
/// matched none (RFC 6750 §3); refusals answer 403 with code <c>access.scope</c>; both with the API's <c>{"error","parameter"}</c> body.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenRegistry tokens,
    SecurityStatistics statistics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "AlpiToken";

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

        if (tokens.Match(header["Bearer ".Length..].Trim()) is not { } match)
        {
            statistics.InvalidToken();
            return Task.FromResult(AuthenticateResult.Fail("unknown token"));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "token:" + match.Name),
                new Claim(ClaimTypes.Role, match.Role),
                new Claim(SecurityClaims.AuthenticationMethod, SecurityClaims.Token),
            ], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        statistics.Challenge();
        string? header = Request.Headers.Authorization;
        var presented = !string.IsNullOrEmpty(header);
        var bearer = presented && header!.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        // RFC 6750 §3.1: an error code only for a bearer token that was sent; another scheme (Basic…) gets the bare challenge.
        Response.Headers.WWWAuthenticate = bearer ? "Bearer realm=\"alpi\", error=\"invalid_token\"" : "Bearer realm=\"alpi\"";
        await SecurityResponses.WriteErrorAsync(Response, Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized,
            bearer ? "the bearer token is not valid: give a token of Collector:Security:Tokens, or log in at /login"
            : presented ? "the Authorization header is not a bearer token: send Authorization: Bearer <token>, or log in at /login"
            : "authentication required: log in at /login, or send Authorization: Bearer <token>",
            "Authorization");
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        statistics.Forbid();
        var role = Context.User.FindFirstValue(ClaimTypes.Role);
        // With its code, as every other refusal (a new user's check, issue 8: this one had none).
        var refusal = Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.AccessScope, $"the token's scope does not allow this (role {role})",
            ("scope", Authorization.TokenScopes.ScopeOf(role)), ("role", role));
        // A refused attempt at personal data is audited too (RGPD art. 5.2), before the 403 leaves.
        await Audit.AuditMiddleware.RefusedByAccessAsync(Context, Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden, refusal.Code, refusal.Sentence);
        await SecurityResponses.WriteErrorAsync(Response, Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden, refusal, null);
    }
}
