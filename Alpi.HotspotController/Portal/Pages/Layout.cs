namespace Alpi.HotspotController.Portal.Pages;

/// <summary>
/// The frame of every portal page: language, title, header with the language switch, main content, footer links.
/// Mobile first (one column, large touch targets), no script; styles in <c>/portal/assets/portal.css</c>.
/// </summary>
public static class Layout
{
    /// <summary>Renders a whole document.</summary>
    /// <param name="t">The texts of the page's language.</param>
    /// <param name="title">The page title (also the <c>h1</c>); the document title adds the brand unless the title names it already.</param>
    /// <param name="body">The content under the <c>h1</c>.</param>
    /// <param name="returnPath">The local path and query the language switch comes back to.</param>
    public static string Render(PortalText t, string title, Html body, string returnPath)
    {
        ArgumentNullException.ThrowIfNull(t);
        var back = SafeRedirect.IsLocalPath(returnPath) ? returnPath : "/";
        var switchUrl = $"/portal/lang/{t.SwitchToLang}?return={Uri.EscapeDataString(back)}";
        var documentTitle = title.Contains(t.BrandName, StringComparison.Ordinal) ? title : $"{title} — {t.Brand}";
        return "<!doctype html>\n" + Html.Of($"""
            <html lang="{t.Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{documentTitle}</title>
            <link rel="stylesheet" href="/portal/assets/portal.css">
            </head>
            <body>
            <a class="skip" href="#main">{(t.Lang == "fr" ? "Aller au contenu" : "Skip to content")}</a>
            <header class="top">
            <span class="brand">{t.Brand}</span>
            <a class="lang" href="{switchUrl}" hreflang="{t.SwitchToLang}" lang="{t.SwitchToLang}" aria-label="{t.SwitchLabel}">{t.SwitchTo}</a>
            </header>
            <main id="main" tabindex="-1">
            <h1>{title}</h1>
            {body}
            </main>
            <footer>
            <nav aria-label="{t.Brand}">
            <a href="/portal/terms">{t.Terms}</a> · <a href="/portal/privacy">{t.Privacy}</a> · <a href="/portal/account">{t.Account}</a>
            </nav>
            </footer>
            </body>
            </html>
            """);
    }

    /// <summary>A paragraph in the error style, announced to screen readers.</summary>
    public static Html Alert(string? message) =>
        message is null ? Html.Empty : Html.Of($"""<p class="alert" role="alert">{message}</p>""");

    /// <summary>A paragraph in the notice style, announced politely.</summary>
    public static Html Notice(string? message) =>
        message is null ? Html.Empty : Html.Of($"""<p class="notice" role="status">{message}</p>""");

    /// <summary>The hidden antiforgery field of a form.</summary>
    public static Html Antiforgery(string fieldName, string? token) =>
        Html.Of($"""<input type="hidden" name="{fieldName}" value="{token}">""");

    /// <summary>A user URL as a link (never followed automatically), or nothing.</summary>
    public static Html ContinueLink(PortalText t, Uri? userUrl) =>
        userUrl is null
            ? Html.Empty
            : Html.Of($"""<p>{t.ContinueTo} <a class="continue" href="{userUrl.AbsoluteUri}" rel="noreferrer noopener">{userUrl.AbsoluteUri}</a></p>""");
}
