using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Security.Login;

/// <summary>
/// <c>POST /login</c> (an HTML form: <c>username</c>, <c>password</c>, <c>returnUrl</c>) and <c>POST /logout</c>; the
/// page itself (<c>GET /login</c>) is the dashboard's. A login answers 303: to <c>returnUrl</c> when it is a path of this
/// server, else to <c>/</c>, on success; to <c>/login?error=invalid&amp;returnUrl=…</c> on failure, whatever the reason
/// (unknown account, wrong password, locked or disabled account), so that the answer does not tell which names exist; to
/// <c>/login?error=throttled</c> beyond the per-address rate (<see cref="LoginRateLimit"/>). Every attempt is written to
/// the audit log and counted (<see cref="SecurityStatistics"/>). A logout ends the session and answers 303 to
/// <c>/login?loggedOut=1</c>.
/// </summary>
public static partial class LoginEndpoints
{
    /// <summary>Maps the two endpoints (their access rules are in <see cref="Authorization.RouteAccessRules"/>).</summary>
    public static IEndpointRouteBuilder MapAlpiLogin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit.PolicyName).WithMetadata(SelfAuditedMetadata.Instance);
        endpoints.MapPost("/logout", LogoutAsync).WithMetadata(SelfAuditedMetadata.Instance);
        return endpoints;
    }

    /// <summary>True when <paramref name="returnUrl"/> is a path of this server (<c>/…</c>, not <c>//host</c> nor <c>/\host</c>).</summary>
    public static bool IsLocal(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl);

    private static async Task<IResult> LoginAsync(HttpContext http, AccountStore accounts, AuditLog audit, SecurityStatistics statistics, ILoggerFactory loggers)
    {
        if (!http.Request.HasFormContentType)
        {
            return Api.ApiProblems.Result(StatusCodes.Status400BadRequest,
                "POST /login takes an HTML form (application/x-www-form-urlencoded): username, password, returnUrl", "body");
        }

        var logger = loggers.CreateLogger(typeof(LoginEndpoints));
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var name = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var address = HttpActor.AddressOf(http);
        var result = await accounts.VerifyLoginAsync(name, password, http.RequestAborted);
        var actor = result.Account?.Name ?? "(unknown account)";
        if (result.Outcome == LoginOutcome.Success)
        {
            await http.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalOf(result.Account!));
            statistics.Login();
            Log.LoggedIn(logger, actor, result.Account!.Role, address);
            await audit.WriteAsync(new AuditEntry(actor, address, AuditCategories.Authentication, AuditActions.Login, actor, "ok", $"role {result.Account.Role}"), http.RequestAborted);
            return SeeOther(IsLocal(returnUrl) ? returnUrl : "/");
        }

        statistics.LoginFailure();
        var reason = result.Outcome switch
        {
            LoginOutcome.UnknownAccount => "unknown_account",
            LoginOutcome.Locked => "locked",
            LoginOutcome.Disabled => "disabled",
            _ => "wrong_password",
        };
        Log.Refused(logger, actor, reason, address);
        await audit.WriteAsync(new AuditEntry(actor, address, AuditCategories.Authentication, AuditActions.LoginRefused, actor, reason, null), http.RequestAborted);
        if (result.Outcome == LoginOutcome.LockedNow)
        {
            statistics.Lockout();
            Log.LockedOut(logger, actor, result.Account!.LockedUntil, address);
            await audit.WriteAsync(new AuditEntry(actor, address, AuditCategories.Authentication, AuditActions.Lockout, actor, "locked",
                $"until {result.Account.LockedUntil:O}"), http.RequestAborted);
        }

        return SeeOther(LoginPage("invalid", returnUrl));
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, AuditLog audit)
    {
        var actor = HttpActor.Of(http);
        await http.SignOutAsync(SessionCookie.SchemeName);
        await audit.WriteAsync(new AuditEntry(actor.Name, actor.Address, AuditCategories.Authentication, AuditActions.Logout, actor.Name, "ok", null), http.RequestAborted);
        return SeeOther(SessionCookie.LoginPath + "?loggedOut=1");
    }

    /// <summary>The login page's address with an error code and the return address (when local).</summary>
    internal static string LoginPage(string error, string? returnUrl)
    {
        var query = QueryString.Create("error", error);
        if (IsLocal(returnUrl))
        {
            query = query.Add("returnUrl", returnUrl!);
        }

        return SessionCookie.LoginPath + query;
    }

    /// <summary>303 See Other: the browser follows with a GET (RFC 9110 §15.4.4).</summary>
    internal static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Login of {Account} ({Role}) from {Address}")]
        public static partial void LoggedIn(ILogger logger, string account, string role, string? address);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Login refused for {Account} from {Address}: {Reason}")]
        public static partial void Refused(ILogger logger, string account, string reason, string? address);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Account {Account} locked until {Until:O} after repeated failed logins; the last from {Address}")]
        public static partial void LockedOut(ILogger logger, string account, DateTimeOffset? until, string? address);
    }
}
