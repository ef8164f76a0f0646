namespace Alpi.Collector.Security;

/// <summary>The claims the collector adds to a signed-in user besides <see cref="System.Security.Claims.ClaimTypes.Name"/> and <see cref="System.Security.Claims.ClaimTypes.Role"/>.</summary>
public static class SecurityClaims
{
    /// <summary>How the user was authenticated: <see cref="Cookie"/> or <see cref="Token"/>.</summary>
    public const string AuthenticationMethod = "alpi:auth";

    /// <summary>A login session (dashboard).</summary>
    public const string Cookie = "cookie";

    /// <summary>A bearer token (scripts).</summary>
    public const string Token = "token";

    /// <summary>The account's security stamp when the session began (<see cref="Accounts.Account.SecurityStamp"/>).</summary>
    public const string SecurityStamp = "alpi:stamp";
}
