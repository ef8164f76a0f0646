using Alpi.HotspotController.Accounts;

namespace Alpi.HotspotController.Admin;

/// <summary>How the administration's sentences name accounts: by their stored login, and what was typed when it differs.</summary>
public sealed partial class HotspotAdministration
{
    /// <summary>
    /// The stored login of <paramref name="stored"/>, followed by <c>(typed as …)</c> when <paramref name="typed"/>
    /// (trimmed) is spelt otherwise: <c>alice@example.org (typed as ＡＬＩＣＥ@Example.ORG)</c>, as the audit log names it.
    /// </summary>
    /// <param name="stored">The login as stored.</param>
    /// <param name="typed">The login as the administrator typed it, or null.</param>
    public static string NameLogin(string stored, string? typed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var trimmed = typed?.Trim();
        return string.IsNullOrEmpty(trimmed) || string.Equals(trimmed, stored, StringComparison.Ordinal) ? stored : $"{stored} (typed as {trimmed})";
    }

    /// <summary>
    /// Why <paramref name="login"/> cannot be created: the accounts that have it in another spelling, named by their stored
    /// logins (several when migration 7 left them apart: the administrator keeps one, <c>users delete</c> the others).
    /// </summary>
    private static string LoginTaken(string login, IReadOnlyList<Account> same)
    {
        var canonical = AccountLogins.Canonical(login);
        var named = NameLogin(canonical, login);
        return same.Count switch
        {
            0 => $"an account with the login {named} exists", // deleted meanwhile by someone else: rare
            1 when string.Equals(same[0].Login, canonical, StringComparison.Ordinal) => $"an account with the login {named} exists",
            _ => $"login: {named} is the login of existing account(s) in another spelling (width, case and accents' encoding aside, RFC 8265 §3.3): "
                + string.Join(", ", same.Select(a => $"\"{a.Login}\" (id {a.Id})"))
                + (same.Count > 1 ? "; these were left apart by the upgrade to schema 7: keep one of them (users delete LOGIN) rather than adding another" : ""),
        };
    }
}
