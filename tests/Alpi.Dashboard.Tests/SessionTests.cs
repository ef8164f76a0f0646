using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The first view does not wait for <c>GET /api/security/me</c> (issue 8, first render): its content is drawn while the
/// answer is held back by the browser (a Playwright route that lets it through only when the test says so), and the
/// actions the role allows appear, or stay away, once it arrives.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class SessionTests : BrowserFixture
{
    /// <summary>Holds every <c>/api/security/me</c> request of <paramref name="page"/> until the returned source is set.</summary>
    private static async Task<(TaskCompletionSource Release, TaskCompletionSource Asked)> HoldWhoAmIAsync(IPage page)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/security/me", async route =>
        {
            asked.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        return (release, asked);
    }

    [Test]
    public async Task ProblemsView_RendersItsRowsWhileTheSessionIsHeldBack_ThenShowsTheActionsAnAdministratorMayUse()
    {
        await PublishAsync("mairie-held", "srv-admin-held", "dash_temp value=61");
        var (release, asked) = await HoldWhoAmIAsync(Page);

        await Page.GotoAsync("/#/problems?host=srv-admin-held");
        var row = Page.Locator("tr[data-alert-id]", new() { Has = Page.Locator("a", new() { HasTextString = "srv-admin-held" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });

        asked.Task.IsCompleted.Should().BeTrue("the page asked who is signed in");
        (await row.TextContentAsync()).Should().Contain("Température 61 °C sur srv-admin-held", "the row is drawn before the session's answer");
        (await Page.Locator("#user").IsHiddenAsync()).Should().BeTrue("the account is not known yet");
        (await row.Locator("button").CountAsync()).Should().Be(0, "no action is offered before the role is known");
        (await Page.Locator("table.problems thead th").AllTextContentsAsync()).Should().NotContain("Actions");

        release.SetResult();
        await row.GetByRole(AriaRole.Button, new() { Name = "Acquitter temp-high sur srv-admin-held" }).WaitForAsync(new() { Timeout = 10_000 });
        (await row.GetByRole(AriaRole.Button, new() { Name = "Suspendre temp-high sur srv-admin-held" }).CountAsync()).Should().Be(1);
        (await Page.Locator("table.problems thead th").AllTextContentsAsync()).Should().Contain("Actions");
        (await Page.Locator("#user").IsVisibleAsync()).Should().BeTrue();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task ProblemsView_AViewerReloadingWhileTheSessionIsHeldBack_SeesTheRows_AndNoActionOnceItArrives()
    {
        await PublishAsync("mairie-viewer-held", "srv-viewer-held", "dash_temp value=62");
        var (context, page) = await SignedInPageAsync("victor.lecture", "viewer", "#/problems?host=srv-viewer-held");
        await using var _ = context;
        var (release, asked) = await HoldWhoAmIAsync(page);

        await page.ReloadAsync();
        var row = page.Locator("tr[data-alert-id]", new() { Has = page.Locator("a", new() { HasTextString = "srv-viewer-held" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });
        asked.Task.IsCompleted.Should().BeTrue();
        (await page.Locator("#user").IsHiddenAsync()).Should().BeTrue("the account is not known yet");

        release.SetResult();
        await page.Locator("#user:not([hidden]) #user-name", new() { HasTextString = "victor.lecture" }).WaitForAsync(new() { Timeout = 10_000 });
        // The view got the role with the header (same task): no button may have come with it.
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Acquitter|Suspendre)") }).CountAsync()).Should().Be(0, "a viewer may not operate");
        (await page.Locator("table.problems thead th").AllTextContentsAsync()).Should().NotContain("Actions");
        (await row.GetAttributeAsync("data-state")).Should().Be("firing");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_DrawsTheWindowsWhileTheSessionIsHeldBack_AndAsksForThePeopleOnlyOnceTheRoleIsKnown()
    {
        var (release, _) = await HoldWhoAmIAsync(Page);
        var onCallAsked = 0;
        Page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/api/oncall")
            {
                Interlocked.Increment(ref onCallAsked);
            }
        };

        await Page.GotoAsync("/#/oncall");
        await Page.Locator("table.maintenance tbody tr").First.WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("#mw-name").CountAsync()).Should().Be(0, "the maintenance form waits for the role");
        Volatile.Read(ref onCallAsked).Should().Be(0, "who is on call is personal data: not asked before the role is known");

        release.SetResult();
        await Page.Locator("tr[data-schedule=\"astreinte\"]").WaitForAsync(new() { Timeout = 10_000 });
        await Page.Locator("#mw-name").WaitForAsync(new() { Timeout = 10_000 });
        (await Page.Locator("form.create").CountAsync()).Should().Be(1);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_AViewer_SeesWhyThePeopleAreHidden_WithoutARefusedRequest()
    {
        var (context, page) = await SignedInPageAsync("valerie.lecture", "viewer", "#/oncall");
        await using var _ = context;
        var (release, _) = await HoldWhoAmIAsync(page);
        var onCallAsked = 0;
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/api/oncall")
            {
                Interlocked.Increment(ref onCallAsked);
            }
        };

        await page.ReloadAsync();
        await page.Locator("table.maintenance tbody tr").First.WaitForAsync(new() { Timeout = 15_000 });
        release.SetResult();
        await page.Locator("td.empty", new() { HasTextString = "réservées aux techniciens" }).WaitForAsync(new() { Timeout = 10_000 });

        Volatile.Read(ref onCallAsked).Should().Be(0, "a viewer's request for personal data would be refused and counted");
        (await page.Locator("#mw-name").CountAsync()).Should().Be(0, "a viewer may not create a window");
    }

    [Test]
    public async Task AdminView_WaitsForTheSession_ThenShowsItsSections()
    {
        var (release, _) = await HoldWhoAmIAsync(Page);

        await Page.GotoAsync("/#/admin/users");
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Administration", Level = 1 }).WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("nav.tabs").CountAsync()).Should().Be(0, "no section before the role is known");

        release.SetResult();
        await Page.Locator("nav.tabs a[data-section=\"users\"][aria-current=\"true\"]").WaitForAsync(new() { Timeout = 10_000 });
        PageErrors.Should().BeEmpty();
    }
}
