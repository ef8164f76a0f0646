using System.Net.Mail;
using System.Security.Claims;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Portal.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The portal's request handlers (mapped by <see cref="PortalEndpoints"/>). Bad input never throws: a malformed or
/// tampered landing query, an expired or forged form get a clear page (400 or 403), are logged and counted in
/// <see cref="PortalMetrics"/>; too many attempts get 429 with <c>Retry-After</c>.
/// </summary>
public sealed partial class PortalHandlers(
    AccountStore accounts,
    DeviceStore devices,
    LogonTokenStore tokens,
    UamFormContextProtector contexts,
    PortalRateLimiter rateLimiter,
    PortalMetrics metrics,
    EmailVerification verification,
    AuditLog audit,
    HotspotAdministration administration,
    IAntiforgery antiforgery,
    IOptions<HotspotOptions> options,
    TimeProvider time,
    ILogger<PortalHandlers> logger)
{
    /// <summary>The cookie authentication scheme of the account page.</summary>
    public const string AuthenticationScheme = "AlpiPortal";

    // A valid hash of a random password, verified when the login is unknown so that both cases take as long.
    private static readonly string DummyHash = AccountPasswords.Hash(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>Most octets in one form field's value (16 KiB); a larger value is answered 413.</summary>
    public const int MaxFormValueBytes = 16 * 1024;

    /// <summary>Most octets in a whole form body (64 KiB); a larger body is answered 413.</summary>
    public const int MaxFormBytes = 64 * 1024;

    /// <summary>Most fields in one form; more are answered 413.</summary>
    public const int MaxFormFields = 32;

    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = MaxFormFields,
        KeyLengthLimit = 64,
        ValueLengthLimit = MaxFormValueBytes,
        MultipartBodyLengthLimit = MaxFormBytes,
        BufferBody = false,
    };

    private static readonly TimeZoneInfo DisplayZone = FindZone();

    // A remove form's mac that is not a MAC is shown back cut to this many characters (a MAC is 17).
    private const int MaxMacShown = 32;

    private PortalOptions Portal => options.Value.Portal;

    /// <summary><c>GET /</c>: the UAM landing page, or the home page without a UAM query.</summary>
    public async Task LandingAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var raw = context.Request.QueryString.Value ?? "";
        if (!context.Request.Query.ContainsKey("res"))
        {
            // The home page: no "back" link, which could only lead to this page again.
            await WritePageAsync(context, StatusCodes.Status200OK, t, t.HomeTitle, MessagePage.Render(t, t.HomeBody, isError: false, linkHome: false));
            return;
        }

        if (Portal.UamSecret.Length > 0 && !UamSignature.Verify(raw, UamSignature.CandidateBases(context.Request, Portal), Portal.UamSecret))
        {
            metrics.BadRequest(nameof(UamQueryProblem.BadSignature));
            Log.TamperedLink(logger, context.Connection.RemoteIpAddress?.ToString());
            await WritePageAsync(context, StatusCodes.Status403Forbidden, t, t.TamperedTitle, MessagePage.Render(t, t.Tampered, isError: true));
            return;
        }

        var problem = UamQuery.TryParse(raw, out var query, out var parameter);
        if (problem != UamQueryProblem.None || query is null)
        {
            metrics.BadRequest(problem.ToString());
            Log.BadLandingQuery(logger, problem, parameter, context.Connection.RemoteIpAddress?.ToString());
            await WritePageAsync(context, StatusCodes.Status400BadRequest, t, t.BadLinkTitle,
                MessagePage.Render(t, PortalText.Format(t.BadLink, parameter ?? "?"), isError: true));
            return;
        }

        if (query.UserUrlRejected)
        {
            Log.UserUrlRejected(logger, query.Mac?.Value);
        }

        if (query.Result == UamResult.NotYet || (query.Result == UamResult.Failed && query.Challenge is not null))
        {
            var preamble = query.Result == UamResult.Failed ? ResultPage.Failed(t, query) : Html.Empty;
            var title = query.Result == UamResult.Failed ? t.FailedTitle : t.NotYetTitle;
            await WriteLoginPageAsync(context, StatusCodes.Status200OK, t, title, contexts.Protect(query), query.Mac?.Value, query.UamIp.ToString(), query.UamPort,
                new LoginPageModel { Context = "", AntiforgeryField = "", AntiforgeryToken = null, Preamble = preamble });
            return;
        }

        var (resultTitle, body) = ResultPage.Render(t, query);
        await WritePageAsync(context, StatusCodes.Status200OK, t, resultTitle, body);
    }

    /// <summary>
    /// <c>POST /portal/login</c>: checks the password, then sends the browser to the terminal's <c>/logon</c>. A wrong
    /// password gets 422; a blocked account, or a blocked device (the UAM MAC), 403 with its text and no logon token.
    /// </summary>
    public async Task LoginAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var (form, uam) = await ReadUamFormAsync(context, t);
        if (form is null || uam is null || !await AdmitAsync(context, t, uam.Mac))
        {
            return;
        }

        var login = form["login"].ToString().Trim();
        var password = form["password"].ToString();
        var contextValue = form["context"].ToString();
        var (account, refusal) = await CheckPasswordAsync(t, login, password, context.RequestAborted);
        var status = refusal == t.AccountBlocked ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
        if (account is not null && uam.MacAddress is { } mac && await devices.FindAsync(mac, context.RequestAborted) is { Blocked: true } device)
        {
            // RADIUS would reject it ("Device blocked"): say so here, before any logon token is issued.
            metrics.Login(accepted: false, "device_blocked");
            Log.BlockedDevice(logger, device.Mac, context.Request.Path);
            (account, refusal, status) = (null, PortalText.Format(t.DeviceBlocked, device.Mac), StatusCodes.Status403Forbidden);
        }

        if (account is null)
        {
            await WriteLoginPageAsync(context, status, t, t.NotYetTitle, contextValue, uam.Mac, uam.UamIp, uam.UamPort,
                new LoginPageModel { Context = "", AntiforgeryField = "", AntiforgeryToken = null, LoginError = refusal, Login = login });
            return;
        }

        await CompleteLogonAsync(context, account, uam);
    }

    /// <summary>
    /// <c>POST /portal/register</c>: creates the account, registers the device (audited as <see cref="AuditActions.DeviceRegister"/>),
    /// then logs on like <see cref="LoginAsync"/>. From a blocked device nothing is created: 403 and the blocked-device
    /// text (a device block is per MAC and no account lifts it). Only a submission that reaches account creation takes a
    /// rate-limit permit (<see cref="PortalRateLimiter"/>); one refused for its form is answered 422 without one, or 429
    /// while the limit is reached.
    /// </summary>
    public async Task RegisterAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var (form, uam) = await ReadUamFormAsync(context, t);
        if (form is null || uam is null || !await AdmitAsync(context, t, uam.Mac, take: false))
        {
            return;
        }

        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var previous = uam.MacAddress is { } seen ? await devices.FindAsync(seen, context.RequestAborted) : null;
        if (previous is { Blocked: true })
        {
            metrics.Login(accepted: false, "device_blocked");
            Log.BlockedDevice(logger, previous.Mac, context.Request.Path);
            await WriteLoginPageAsync(context, StatusCodes.Status403Forbidden, t, t.NotYetTitle, form["context"].ToString(), uam.Mac, uam.UamIp, uam.UamPort,
                new LoginPageModel
                {
                    Context = "", AntiforgeryField = "", AntiforgeryToken = null, RegisterEmail = email,
                    RegisterError = PortalText.Format(t.DeviceBlocked, previous.Mac),
                });
            return;
        }

        var errors = new List<string>();
        if (AccountLogins.FindRefusedCharacter(email) is { } refused)
        {
            // Often invisible (a zero-width space pasted with the address): named by its code point, as the CLI does.
            errors.Add(t.DescribeRefusedCharacter(refused));
        }
        else if (!IsEmail(email))
        {
            errors.Add(t.EmailInvalid);
        }

        if (AccountPasswords.LengthError(password) is not null)
        {
            // The limit is in UTF-8 octets (RADIUS User-Password, RFC 2865 §5.2): 70 "é" are 140 octets, though 70 characters.
            // The page says it in characters a citizen counts: at most 128, fewer with accents, emojis or other alphabets.
            errors.Add(AccountPasswords.IsTooShort(password)
                ? PortalText.Format(t.PasswordTooShort, AccountPasswords.MinLength)
                : PortalText.Format(t.PasswordTooLong, AccountPasswords.MaxLength));
        }

        if (form["terms"] != "1")
        {
            errors.Add(t.TermsRequired);
        }

        if (form["privacy"] != "1")
        {
            errors.Add(t.PrivacyRequired);
        }

        var now = time.GetUtcNow();
        Account? account = null;
        if (errors.Count == 0)
        {
            // Only now a permit: the answer tells whether the address has an account, and the password is hashed.
            if (!await AdmitAsync(context, t, uam.Mac))
            {
                return;
            }

            account = await accounts.CreateAsync(email, email, AccountPasswords.Hash(password), now, now, context.RequestAborted);
            if (account is null)
            {
                errors.Add(t.AccountExists);
            }
        }

        if (account is null)
        {
            await WriteLoginPageAsync(context, StatusCodes.Status422UnprocessableEntity, t, t.NotYetTitle, form["context"].ToString(), uam.Mac, uam.UamIp, uam.UamPort,
                new LoginPageModel
                {
                    Context = "", AntiforgeryField = "", AntiforgeryToken = null, RegisterEmail = email,
                    RegisterError = $"{t.FormProblem} {string.Join(" ", errors)}",
                });
            return;
        }

        metrics.Registration();
        if (uam.MacAddress is { } mac)
        {
            var deviceOptions = options.Value.Devices;
            var device = await devices.RegisterAsync(mac, account.Id, now, TimeSpan.FromDays(deviceOptions.ValidityDays), deviceOptions.MaxDevicesPerAccount, context.RequestAborted);
            List<KeyValuePair<string, string?>> details = [new("mac", device.Mac), new("login", account.Login)];
            if (previous is not null)
            {
                details.Add(new("previous_login", previous.Login));
            }

            await audit.WriteAsync(AuditActors.Portal, AuditActions.DeviceRegister, details, context.RequestAborted);
        }

        Log.Registered(logger, account.Id, uam.Mac, uam.NasId);
        if (verification.Enabled)
        {
            var link = new Uri($"{CaptivePortalApi.PortalOrigin(context.Request, Portal)}/portal/verify-email?token={Uri.EscapeDataString(verification.CreateToken(account))}");
            verification.Enqueue(account, link, t.Lang);
        }

        await CompleteLogonAsync(context, account, uam);
    }

    /// <summary><c>GET /portal/account</c>: the login form, or the signed-in account's devices and deletion.</summary>
    public async Task AccountAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var account = await SignedInAccountAsync(context);
        if (account is null)
        {
            await WriteAccountLoginAsync(context, StatusCodes.Status200OK, t, null, null);
            return;
        }

        var notice = context.Request.Query["done"] == "removed" ? t.DeviceRemoved : null;
        await WriteAccountPageAsync(context, StatusCodes.Status200OK, t, account, notice, null);
    }

    /// <summary><c>POST /portal/account/login</c>: signs in to the account page (no network logon).</summary>
    public async Task AccountLoginAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var form = await ReadFormAsync(context, t);
        if (form is null || !await AdmitAsync(context, t, mac: null))
        {
            return;
        }

        var login = form["login"].ToString().Trim();
        var account = await FindVerifiedAsync(login, form["password"].ToString(), context.RequestAborted);
        if (account is null)
        {
            metrics.Login(accepted: false, "account_page_refused");
            await WriteAccountLoginAsync(context, StatusCodes.Status422UnprocessableEntity, t, t.WrongCredentials, login);
            return;
        }

        // A blocked account may still see and delete its data (RGPD art. 15 and 17); it cannot log on to the network.
        await SignInAsync(context, account);
        SeeOther(context, "/portal/account");
    }

    /// <summary><c>POST /portal/account/logout</c>: signs out of the account page.</summary>
    public async Task AccountLogoutAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        if (await ReadFormAsync(context, t) is null)
        {
            return;
        }

        await context.SignOutAsync(AuthenticationScheme);
        SeeOther(context, "/portal/account");
    }

    /// <summary>
    /// <c>POST /portal/account/devices/remove</c>: removes one of the signed-in account's devices, then redirects (303) to
    /// the page with a confirmation. A <c>mac</c> that is not one of the account's devices (another account's, unknown,
    /// already removed, or not a MAC) removes nothing and answers 422 with the page and
    /// <see cref="PortalText.DeviceNotOnAccount"/>, never a confirmation; whose the device is, is not told.
    /// </summary>
    public async Task RemoveDeviceAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var form = await ReadFormAsync(context, t);
        if (form is null)
        {
            return;
        }

        var account = await SignedInAccountAsync(context);
        if (account is null)
        {
            SeeOther(context, "/portal/account");
            return;
        }

        var given = form["mac"].ToString().Trim();
        if (!MacAddress.TryParse(given, out var mac) || !await devices.RemoveAsync(mac.Value, account.Id, context.RequestAborted))
        {
            var shown = mac?.Value ?? (given.Length > MaxMacShown ? given[..MaxMacShown] + "…" : given);
            await WriteAccountPageAsync(context, StatusCodes.Status422UnprocessableEntity, t, account, null, PortalText.Format(t.DeviceNotOnAccount, shown));
            return;
        }

        Log.DeviceRemoved(logger, account.Id, mac.Value.Value);
        SeeOther(context, "/portal/account?done=removed");
    }

    /// <summary>
    /// How long the account-deletion page waits for the terminals to confirm the disconnections (1 s, less than one
    /// <see cref="Coa.CoaOptions.Timeout"/> by default): a terminal answers within milliseconds or not at all, and a
    /// citizen must not wait for its retries (3 × 3 s by default) to see that the account is gone.
    /// </summary>
    public static readonly TimeSpan DisconnectionWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>POST /portal/account/delete</c>: deletes the signed-in account as an administrator does
    /// (<see cref="HotspotAdministration.BeginDeleteUserAsync"/>, actor <see cref="AuditActors.Portal"/>): the account,
    /// its devices and logon tokens are deleted and audited at once, then its open sessions are disconnected at their
    /// terminals (RFC 5176 Disconnect-Request), in the background. The connection log stays, by law. The page waits at
    /// most <see cref="DisconnectionWait"/> for the terminals: when one did not confirm (a NAK other than 503 Session
    /// Context Not Found, or no answer: <see cref="Coa.CoaResult.SessionGone"/> false), it says that the connection may
    /// stay open until it times out; when one has not answered yet, that it was asked to cut it and has not confirmed
    /// yet. The disconnections go on after the answer, their outcomes logged, counted and audited as ever.
    /// </summary>
    public async Task DeleteAccountAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var form = await ReadFormAsync(context, t);
        if (form is null)
        {
            return;
        }

        var account = await SignedInAccountAsync(context);
        if (account is null)
        {
            SeeOther(context, "/portal/account");
            return;
        }

        if (form["confirm"] != "1")
        {
            await WriteAccountPageAsync(context, StatusCodes.Status422UnprocessableEntity, t, account, null, t.DeleteConfirmRequired);
            return;
        }

        // Not cancelled with the request: a citizen closing the page must not leave the account kept.
        var deletion = await administration.BeginDeleteUserAsync(account.Login, AuditActors.Portal, CancellationToken.None);
        await context.SignOutAsync(AuthenticationScheme);
        Log.AccountDeleted(logger, account.Id);
        var body = deletion.Value is { } deleted ? await DisconnectionTextAsync(t, account.Id, deleted.Disconnections) : t.DeletedBody;
        await WritePageAsync(context, StatusCodes.Status200OK, t, t.DeletedTitle, MessagePage.Render(t, body, isError: false));
    }

    /// <summary>
    /// Waits at most <see cref="DisconnectionWait"/> for a deleted account's disconnections and words their state: all
    /// confirmed (or none to make), one not confirmed (it may stay open until it times out), or not answered yet; a
    /// failure to audit them, now or later, is logged.
    /// </summary>
    private async Task<string> DisconnectionTextAsync(PortalText t, long accountId, Task<IReadOnlyList<Coa.SessionDisconnection>> disconnections)
    {
        if (!disconnections.IsCompleted)
        {
            await Task.WhenAny(disconnections, Task.Delay(DisconnectionWait, time));
        }

        if (!disconnections.IsCompleted)
        {
            _ = disconnections.ContinueWith(d => Log.DisconnectionFailed(logger, d.Exception!.GetBaseException(), accountId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return t.DeletedPendingBody;
        }

        if (!disconnections.IsCompletedSuccessfully)
        {
            Log.DisconnectionFailed(logger, disconnections.Exception!.GetBaseException(), accountId);
            return t.DeletedUnconfirmedBody;
        }

        // A terminal that did not confirm (no answer, a NAK) may keep the connection open until it times out: say so.
        return disconnections.Result.All(d => d.Result.SessionGone) ? t.DeletedBody : t.DeletedUnconfirmedBody;
    }

    /// <summary><c>GET /portal/verify-email?token=…</c>: marks the address verified when the link is genuine, fresh and still the account's.</summary>
    public async Task VerifyEmailAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        if (verification.TryReadToken(context.Request.Query["token"].ToString(), out var id, out var email)
            && await accounts.FindByIdAsync(id, context.RequestAborted) is { } account
            && string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            await accounts.SetEmailVerifiedAsync(account.Id, context.RequestAborted);
            await WritePageAsync(context, StatusCodes.Status200OK, t, t.EmailVerifiedTitle, MessagePage.Render(t, t.EmailVerified, isError: false));
            return;
        }

        metrics.BadRequest("email_link");
        await WritePageAsync(context, StatusCodes.Status400BadRequest, t, t.EmailLinkInvalidTitle, MessagePage.Render(t, t.EmailLinkInvalid, isError: true));
    }

    /// <summary><c>GET /portal/terms</c>.</summary>
    public Task TermsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var (title, body) = TermsPage.Render(t, Portal.Privacy.ForDisplay(t.OperatorNotConfigured, t.FactNotConfigured).ControllerName);
        return WritePageAsync(context, StatusCodes.Status200OK, t, title, body);
    }

    /// <summary><c>GET /portal/privacy</c>: the RGPD article 13 notice.</summary>
    public Task PrivacyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = PortalText.For(context.Request);
        var o = options.Value;
        var (title, body) = PrivacyPage.Render(t, Portal.Privacy.ForDisplay(t.OperatorNotConfigured, t.FactNotConfigured), o.LegalLog.RetentionDays, o.LegalLog.AccountInactivityDays, o.Devices.ValidityDays);
        return WritePageAsync(context, StatusCodes.Status200OK, t, title, body);
    }

    /// <summary><c>GET /portal/lang/{lang}?return=/path</c>: remembers the language for a year and goes back to a local path.</summary>
    public Task SwitchLanguage(HttpContext context, string lang)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (lang is "fr" or "en")
        {
            context.Response.Cookies.Append(PortalText.LanguageCookie, lang, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                Path = "/",
            });
        }

        var back = context.Request.Query["return"].ToString();
        SeeOther(context, SafeRedirect.IsLocalPath(back) ? back : "/");
        return Task.CompletedTask;
    }

    private async Task CompleteLogonAsync(HttpContext context, Account account, UamFormContext uam)
    {
        var now = time.GetUtcNow();
        var token = await tokens.IssueAsync(account.Login, uam.Mac, now, Portal.LogonTokenLifetime, context.RequestAborted);
        var response = UamCrypto.ComputeChapResponse(Convert.FromHexString(uam.Challenge), Portal.UamSecret, token);
        await accounts.TouchAsync(account.Id, now, context.RequestAborted);
        await SignInAsync(context, account);
        metrics.Login(accepted: true, "logon");
        Log.LogonIssued(logger, account.Id, uam.Mac, uam.UamIp, uam.UamPort);
        SeeOther(context, SafeRedirect.BuildLogonUrl(uam.UamAddress, uam.UamPort, account.Login, response, uam.UserUri).AbsoluteUri);
    }

    /// <summary>The account when the password matches and the account may log on; else the refusal text.</summary>
    private async Task<(Account? Account, string? Refusal)> CheckPasswordAsync(PortalText t, string login, string password, CancellationToken cancellationToken)
    {
        var account = await FindVerifiedAsync(login, password, cancellationToken);
        if (account is null)
        {
            metrics.Login(accepted: false, "wrong_credentials");
            return (null, t.WrongCredentials);
        }

        if (account.Blocked)
        {
            metrics.Login(accepted: false, "blocked");
            Log.BlockedLogin(logger, account.Id);
            return (null, t.AccountBlocked);
        }

        return (account, null);
    }

    private async Task<Account?> FindVerifiedAsync(string login, string password, CancellationToken cancellationToken)
    {
        var account = login.Length is > 0 and <= 254 ? await accounts.FindByLoginAsync(login, cancellationToken) : null;
        if (account is null)
        {
            AccountPasswords.Verify(DummyHash, password);
            return null;
        }

        return AccountPasswords.Verify(account.PasswordHash, password) ? account : null;
    }

    /// <summary>
    /// Takes a rate-limit permit (<paramref name="take"/>), or only checks that one is left; on refusal writes the 429
    /// page and returns false.
    /// </summary>
    private async Task<bool> AdmitAsync(HttpContext context, PortalText t, string? mac, bool take = true)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var refused = take ? rateLimiter.TryAcquire(ip, mac, out var retryAfter) : rateLimiter.IsExhausted(ip, mac, out retryAfter);
        if (refused == PortalRateLimitPartition.None)
        {
            return true;
        }

        metrics.RateLimit(refused);
        Log.RateLimited(logger, refused, ip, mac);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WritePageAsync(context, StatusCodes.Status429TooManyRequests, t, t.TooManyTitle,
            MessagePage.Render(t, PortalText.Format(t.TooMany, seconds), isError: true));
        return false;
    }

    /// <summary>
    /// Reads a form whose antiforgery token is valid; otherwise writes the 400 page (missing, forged or expired
    /// token) or the 413 page (a field over <see cref="MaxFormValueBytes"/>, a body over <see cref="MaxFormBytes"/>,
    /// more than <see cref="MaxFormFields"/> fields) and returns null.
    /// </summary>
    private async Task<IFormCollection?> ReadFormAsync(HttpContext context, PortalText t)
    {
        IFormCollection? form = null;
        var tooLarge = false;
        try
        {
            if (context.Request.HasFormContentType)
            {
                tooLarge = context.Request.ContentLength > MaxFormBytes;
                if (!tooLarge)
                {
                    LimitBody(context);
                    context.Features.Set<IFormFeature>(new FormFeature(context.Request, FormLimits));

                    // Read before the antiforgery check, which would report a size limit as an invalid token.
                    await context.Request.ReadFormAsync(context.RequestAborted);
                    if (await antiforgery.IsRequestValidAsync(context))
                    {
                        form = await context.Request.ReadFormAsync(context.RequestAborted);
                    }
                }
            }
        }
        catch (Exception e) when (IsSizeLimit(context, e))
        {
            tooLarge = true;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or AntiforgeryValidationException)
        {
            form = null;
        }

        if (tooLarge)
        {
            metrics.BadRequest("form_too_large");
            Log.FormTooLarge(logger, context.Request.Path, MaxFormValueBytes, MaxFormBytes, MaxFormFields, context.Connection.RemoteIpAddress?.ToString());
            await WritePageAsync(context, StatusCodes.Status413PayloadTooLarge, t, t.FormTooLargeTitle,
                MessagePage.Render(t, PortalText.Format(t.FormTooLarge, MaxFormValueBytes / 1024, MaxFormBytes / 1024, MaxFormFields), isError: true));
            return null;
        }

        if (form is null)
        {
            metrics.BadRequest("form");
            Log.FormRejected(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
            await WritePageAsync(context, StatusCodes.Status400BadRequest, t, t.FormExpiredTitle, MessagePage.Render(t, t.FormExpired, isError: true));
        }

        return form;
    }

    /// <summary>Caps a body sent without Content-Length (chunked) at <see cref="MaxFormBytes"/>: Kestrel then answers the read with a 413 error.</summary>
    private static void LimitBody(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = MaxFormBytes;
        }
    }

    /// <summary>
    /// True for a form over the limits: Kestrel's 413 for the body, or the form reader's <see cref="InvalidDataException"/>,
    /// which for a urlencoded body is thrown only for its value, key and count limits (multipart syntax errors are not sizes).
    /// </summary>
    private static bool IsSizeLimit(HttpContext context, Exception e) => e switch
    {
        BadHttpRequestException bad => bad.StatusCode == StatusCodes.Status413PayloadTooLarge,
        InvalidDataException => context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Reads a landing-page form and its protected UAM context; otherwise writes the 400 page and returns nulls.</summary>
    private async Task<(IFormCollection? Form, UamFormContext? Uam)> ReadUamFormAsync(HttpContext context, PortalText t)
    {
        var form = await ReadFormAsync(context, t);
        if (form is null)
        {
            return (null, null);
        }

        if (!contexts.TryUnprotect(form["context"].ToString(), out var uam))
        {
            metrics.BadRequest("context");
            Log.FormRejected(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
            await WritePageAsync(context, StatusCodes.Status400BadRequest, t, t.FormExpiredTitle, MessagePage.Render(t, t.FormExpired, isError: true));
            return (null, null);
        }

        return (form, uam);
    }

    private async Task<Account?> SignedInAccountAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(AuthenticationScheme);
        if (!result.Succeeded || !long.TryParse(result.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        return await accounts.FindByIdAsync(id, context.RequestAborted);
    }

    private static Task SignInAsync(HttpContext context, Account account)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, account.Login)],
            AuthenticationScheme);
        return context.SignInAsync(AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    private Task WriteLoginPageAsync(HttpContext context, int status, PortalText t, string title, string protectedContext, string? mac, string uamIp, int uamPort, LoginPageModel model)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var page = model with
        {
            Context = protectedContext,
            AntiforgeryField = tokens.FormFieldName,
            AntiforgeryToken = tokens.RequestToken,
            Mac = mac,
            ValidityDays = options.Value.Devices.ValidityDays,
        };
        var host = System.Net.IPAddress.TryParse(uamIp, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{uamIp}]" : uamIp;
        return WritePageAsync(context, status, t, title, LoginPage.Render(t, page), $"http://{host}:{uamPort}");
    }

    private Task WriteAccountLoginAsync(HttpContext context, int status, PortalText t, string? error, string? login)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return WritePageAsync(context, status, t, t.AccountTitle, AccountPage.RenderLogin(t, tokens.FormFieldName, tokens.RequestToken, error, login));
    }

    private async Task WriteAccountPageAsync(HttpContext context, int status, PortalText t, Account account, string? notice, string? error)
    {
        var list = await devices.ListForAccountAsync(account.Id, context.RequestAborted);
        var tokens = antiforgery.GetAndStoreTokens(context);
        await WritePageAsync(context, status, t, t.AccountTitle, AccountPage.RenderAccount(t, account, list, tokens.FormFieldName, tokens.RequestToken,
            options.Value.LegalLog.RetentionDays, DisplayZone, notice, error));
    }

    /// <summary>Writes a page with the security headers: a strict CSP (no script; forms post here, or, when
    /// <paramref name="terminalOrigin"/> is given, may end at the terminal's <c>/logon</c>), no referrer (the landing
    /// URL holds the challenge), no framing, no caching.</summary>
    private static Task WritePageAsync(HttpContext context, int status, PortalText t, string title, Html body, string? terminalOrigin = null)
    {
        var returnPath = (context.Request.PathBase + context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            returnPath = context.Request.Path.StartsWithSegments("/portal/account", StringComparison.Ordinal) ? "/portal/account" : "/";
        }

        var headers = context.Response.Headers;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'{(terminalOrigin is null ? "" : " " + terminalOrigin)}";
        return context.Response.WriteAsync(Layout.Render(t, title, body, returnPath), context.RequestAborted);
    }

    private static void SeeOther(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
    }

    // An address that can also be a login: MailAddress takes a quoted control character ("a\u0001b"@example.org), a
    // zero-width space or a no-break space, none of which a RADIUS User-Name should carry.
    private static bool IsEmail(string text) =>
        text.Length is > 2 and <= 254
        && AccountLogins.Error(text) is null
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
