namespace Alpi.HotspotController.Portal.Pages;

/// <summary>What the login and registration page shows (UAM <c>res=notyet</c>, or <c>failed</c> with a new challenge).</summary>
public sealed record LoginPageModel
{
    /// <summary>The protected UAM context the forms post back (<see cref="UamFormContext"/>).</summary>
    public required string Context { get; init; }

    /// <summary>The antiforgery form field name.</summary>
    public required string AntiforgeryField { get; init; }

    /// <summary>The antiforgery request token.</summary>
    public required string? AntiforgeryToken { get; init; }

    /// <summary>The device's MAC, shown in the registration note, or null.</summary>
    public string? Mac { get; init; }

    /// <summary>Days a registered device stays recognised.</summary>
    public int ValidityDays { get; init; }

    /// <summary>An error above the login form, or null.</summary>
    public string? LoginError { get; init; }

    /// <summary>An error above the registration form, or null.</summary>
    public string? RegisterError { get; init; }

    /// <summary>The login typed, kept after an error.</summary>
    public string? Login { get; init; }

    /// <summary>The registration e-mail typed, kept after an error.</summary>
    public string? RegisterEmail { get; init; }

    /// <summary>For <c>res=failed</c>: the terminal's reason, shown above the forms.</summary>
    public Html Preamble { get; init; }
}

/// <summary>The login and registration forms on one page; both post the UAM context back.</summary>
public static class LoginPage
{
    /// <summary>Renders the page's content.</summary>
    public static Html Render(PortalText t, LoginPageModel m)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(m);
        var hint = PortalText.Format(t.PasswordHint, Accounts.AccountPasswords.MinLength, Accounts.AccountPasswords.MaxLength);
        var deviceNote = m.Mac is null ? Html.Empty : Html.Of($"""<p class="hint">{PortalText.Format(t.DeviceNote, m.Mac, m.ValidityDays)}</p>""");
        return Html.Of($"""
            {m.Preamble}
            <p>{t.NotYetIntro}</p>
            <section class="card" aria-labelledby="login-heading">
            <h2 id="login-heading">{t.LoginHeading}</h2>
            {Layout.Alert(m.LoginError)}
            <form method="post" action="/portal/login" novalidate>
            {Layout.Antiforgery(m.AntiforgeryField, m.AntiforgeryToken)}
            <input type="hidden" name="context" value="{m.Context}">
            <label for="login-email">{t.Email}</label>
            <input id="login-email" name="login" type="email" inputmode="email" autocomplete="username" required maxlength="254" value="{m.Login}">
            <label for="login-password">{t.Password}</label>
            <input id="login-password" name="password" type="password" autocomplete="current-password" required maxlength="{Accounts.AccountPasswords.MaxLength}">
            <button type="submit">{t.LoginButton}</button>
            </form>
            </section>
            <section class="card" aria-labelledby="register-heading">
            <h2 id="register-heading">{t.RegisterHeading}</h2>
            {Layout.Alert(m.RegisterError)}
            <form method="post" action="/portal/register" novalidate>
            {Layout.Antiforgery(m.AntiforgeryField, m.AntiforgeryToken)}
            <input type="hidden" name="context" value="{m.Context}">
            <label for="register-email">{t.Email}</label>
            <input id="register-email" name="email" type="email" inputmode="email" autocomplete="email" required maxlength="254" value="{m.RegisterEmail}">
            <label for="register-password">{t.Password}</label>
            <input id="register-password" name="password" type="password" autocomplete="new-password" required minlength="{Accounts.AccountPasswords.MinLength}" maxlength="{Accounts.AccountPasswords.MaxLength}" aria-describedby="register-password-hint">
            <p class="hint" id="register-password-hint">{hint}</p>
            <div class="check"><input id="register-terms" name="terms" type="checkbox" value="1" required>
            <label for="register-terms">{t.AcceptTermsBefore}<a href="/portal/terms" target="_blank">{t.AcceptTermsLink}</a></label></div>
            <div class="check"><input id="register-privacy" name="privacy" type="checkbox" value="1" required>
            <label for="register-privacy">{t.AcknowledgePrivacyBefore}<a href="/portal/privacy" target="_blank">{t.AcknowledgePrivacyLink}</a></label></div>
            {deviceNote}
            <button type="submit">{t.RegisterButton}</button>
            </form>
            </section>
            """);
    }
}
