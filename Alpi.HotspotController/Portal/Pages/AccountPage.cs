using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Portal.Pages;

/// <summary>The account page: a login form when signed out; devices, device removal and account deletion when signed in.</summary>
public static class AccountPage
{
    /// <summary>The signed-out content: the login form.</summary>
    public static Html RenderLogin(PortalText t, string antiforgeryField, string? antiforgeryToken, string? error, string? login)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Html.Of($"""
            <p>{t.AccountLoginIntro}</p>
            <section class="card">
            {Layout.Alert(error)}
            <form method="post" action="/portal/account/login" novalidate>
            {Layout.Antiforgery(antiforgeryField, antiforgeryToken)}
            <label for="account-email">{t.Email}</label>
            <input id="account-email" name="login" type="email" inputmode="email" autocomplete="username" required maxlength="254" value="{login}">
            <label for="account-password">{t.Password}</label>
            <input id="account-password" name="password" type="password" autocomplete="current-password" required maxlength="{Accounts.AccountPasswords.MaxLength}">
            <button type="submit">{t.LoginButton}</button>
            </form>
            </section>
            """);
    }

    /// <summary>The signed-in content.</summary>
    /// <param name="t">The texts.</param>
    /// <param name="account">The account.</param>
    /// <param name="devices">Its devices.</param>
    /// <param name="antiforgeryField">The antiforgery form field name.</param>
    /// <param name="antiforgeryToken">The antiforgery request token.</param>
    /// <param name="retentionDays">Days the connection log is kept.</param>
    /// <param name="timeZone">The zone dates are shown in.</param>
    /// <param name="notice">A confirmation to show, or null.</param>
    /// <param name="error">An error to show, or null.</param>
    public static Html RenderAccount(PortalText t, Accounts.Account account, IReadOnlyList<RegisteredDevice> devices, string antiforgeryField,
        string? antiforgeryToken, int retentionDays, TimeZoneInfo timeZone, string? notice, string? error)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(devices);
        var antiforgery = Layout.Antiforgery(antiforgeryField, antiforgeryToken);
        string Date(long unixMs) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), timeZone)
            .ToString(t.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        var rows = Html.Join(devices.Select(d => Html.Of($"""
            <tr data-mac="{d.Mac}">
            <td><code>{d.Mac}</code></td>
            <td>{Date(d.RegisteredUnixMs)}</td>
            <td>{Date(d.LastSeenUnixMs)}</td>
            <td>{Date(d.ExpiresUnixMs)}</td>
            <td><form method="post" action="/portal/account/devices/remove">{antiforgery}<input type="hidden" name="mac" value="{d.Mac}">
            <button type="submit" class="secondary" aria-label="{PortalText.Format(t.RemoveDeviceLabel, d.Mac)}">{t.RemoveDevice}</button></form></td>
            </tr>
            """)));
        var table = devices.Count == 0
            ? Html.Of($"""<p>{t.NoDevices}</p>""")
            : Html.Of($"""
                <div class="table-wrap"><table class="devices">
                <thead><tr><th scope="col">{t.DeviceMac}</th><th scope="col">{t.DeviceRegistered}</th><th scope="col">{t.DeviceLastSeen}</th><th scope="col">{t.DeviceExpires}</th><th scope="col"><span class="visually-hidden">{t.RemoveDevice}</span></th></tr></thead>
                <tbody>{rows}</tbody>
                </table></div>
                """);
        return Html.Of($"""
            {Layout.Notice(notice)}
            {Layout.Alert(error)}
            <p>{PortalText.Format(t.SignedInAs, account.Login)}{(account.EmailVerified ? Html.Of($" ({t.EmailVerifiedMark})") : Html.Empty)}</p>
            {(account.Blocked ? Layout.Alert(t.BlockedNotice) : Html.Empty)}
            <section class="card" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{t.Devices}</h2>
            {table}
            </section>
            <section class="card danger" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{t.DeleteHeading}</h2>
            <p>{t.DeleteExplanation}</p>
            <p>{PortalText.Format(t.DeleteLegalLog, retentionDays)}</p>
            <form method="post" action="/portal/account/delete">
            {antiforgery}
            <div class="check"><input id="delete-confirm" name="confirm" type="checkbox" value="1" required>
            <label for="delete-confirm">{t.DeleteConfirm}</label></div>
            <button type="submit" class="danger">{t.DeleteButton}</button>
            </form>
            </section>
            <form method="post" action="/portal/account/logout">{antiforgery}<button type="submit" class="secondary">{t.LogoutButton}</button></form>
            """);
    }
}
