using System.Threading.RateLimiting;
using Alpi.Collector.Security.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Login;

/// <summary>
/// The rate limit of <c>POST /login</c> per client IP address (ASP.NET Core rate limiting, a fixed window of
/// <see cref="SecurityOptions.LoginRateWindow"/> admitting <see cref="SecurityOptions.LoginAttemptsPerWindow"/>
/// attempts, none queued), which bounds password guessing across accounts where the per-account lockout cannot. A
/// refused attempt is counted, logged, audited and answered 303 to <c>/login?error=throttled</c> with
/// <c>Retry-After</c> (seconds).
/// </summary>
public static partial class LoginRateLimit
{
    /// <summary>The rate-limiting policy's name.</summary>
    public const string PolicyName = "alpi-login";

    /// <summary>Adds the policy and the answer to refused requests.</summary>
    public static void Configure(RateLimiterOptions options, SecurityOptions security)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        options.AddPolicy(PolicyName, http => RateLimitPartition.GetFixedWindowLimiter(HttpActor.AddressOf(http) ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = security.LoginAttemptsPerWindow,
            Window = security.LoginRateWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        options.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            services.GetRequiredService<SecurityStatistics>().LoginThrottled();
            var address = HttpActor.AddressOf(http);
            Log.Throttled(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoginRateLimit)), address, security.LoginAttemptsPerWindow, security.LoginRateWindow);
            try
            {
                await services.GetRequiredService<AuditLog>().WriteAsync(
                    new AuditEntry("(anonymous)", address, AuditCategories.Authentication, AuditActions.LoginRefused, null, "throttled", null), cancellationToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                services.GetRequiredService<SecurityStatistics>().AuditFailure();
            }

            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = SessionCookie.LoginPath + "?error=throttled";
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(security.LoginRateWindow.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        };
    }

    /// <summary>Binds <see cref="RateLimiterOptions"/> to the security options.</summary>
    internal static void AddTo(IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((o, s) => Configure(o, s.Value));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Login attempt from {Address} refused: more than {Permits} in {Window}")]
        public static partial void Throttled(ILogger logger, string? address, int permits, TimeSpan window);
    }
}
