namespace Alpi.HotspotController.Portal.Pages;

/// <summary>The pages after the terminal's verdict: welcome (<c>success</c>), goodbye (<c>logoff</c>), already connected, failed.</summary>
public static class ResultPage
{
    /// <summary>Title and content for a verdict other than <c>notyet</c>.</summary>
    /// <param name="t">The texts.</param>
    /// <param name="query">The redirect.</param>
    /// <returns>The page title and its content.</returns>
    public static (string Title, Html Body) Render(PortalText t, UamQuery query)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(query);
        var account = Html.Of($"""<p><a href="/portal/account">{t.Account}</a></p>""");
        return query.Result switch
        {
            UamResult.Success => (t.SuccessTitle, Html.Of($"""
                <p class="notice" role="status">{t.SuccessBody}</p>
                {Layout.ContinueLink(t, query.UserUrl)}
                {account}
                """)),
            UamResult.Already => (t.AlreadyTitle, Html.Of($"""
                <p class="notice" role="status">{t.AlreadyBody}</p>
                {Layout.ContinueLink(t, query.UserUrl)}
                {account}
                """)),
            UamResult.Logoff => (t.LogoffTitle, Html.Of($"""<p role="status">{t.LogoffBody}</p>""")),
            _ => (t.FailedTitle, Failed(t, query)),
        };
    }

    /// <summary>
    /// The reason of a <c>failed</c> verdict, above the forms when the terminal gave a new challenge: the terminal's
    /// <c>reply</c> in the page's language (<see cref="PortalText.ExplainReject"/>), never the server's own words, which
    /// are English or unknown.
    /// </summary>
    public static Html Failed(PortalText t, UamQuery query)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(query);
        return Html.Of($"""
            <div class="alert" role="alert">
            <p>{t.ExplainReject(query.Reply, query.Mac?.Value)}</p>
            </div>
            """);
    }
}

/// <summary>A page that only says something: an error (400, 403, 429) or a confirmation.</summary>
public static class MessagePage
{
    /// <summary>
    /// The content: one paragraph, as an alert when <paramref name="isError"/>, and a link to the portal's home page
    /// (<c>/</c>, which says how to connect through a terminal) unless <paramref name="linkHome"/> is false: the home page
    /// itself has none, a link to itself would lead nowhere.
    /// </summary>
    /// <param name="t">The texts.</param>
    /// <param name="message">The paragraph.</param>
    /// <param name="isError">True for an error (an alert), false for a notice.</param>
    /// <param name="linkHome">False on the home page.</param>
    public static Html Render(PortalText t, string message, bool isError, bool linkHome = true)
    {
        ArgumentNullException.ThrowIfNull(t);
        var paragraph = isError ? Layout.Alert(message) : Layout.Notice(message);
        var home = linkHome ? Html.Of($"""<p><a href="/">{t.Back}</a></p>""") : Html.Empty;
        return Html.Of($"""
            {paragraph}
            {home}
            """);
    }
}
