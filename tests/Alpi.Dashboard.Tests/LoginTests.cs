using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>Logging in to the dashboard as a person would, in headless Chromium, without the harness's token.</summary>
[TestFixture]
[Category("Integration")]
public sealed class LoginTests : BrowserFixture
{
    private const string Password = "a technician's password";

    [OneTimeSetUp]
    public async Task CreateAccount()
    {
        using var response = await Collector.Http.PostAsJsonAsync(new Uri("/api/security/users", UriKind.Relative), new { name = "tech", role = "technician", password = Password });
        response.EnsureSuccessStatusCode();
    }

    [Test]
    public async Task Dashboard_NotLoggedIn_ShowsTheLoginPageInFrench_RefusesAWrongPassword_ThenOpensTheHostPageAsked()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/#/host/test/no-such-host");

        page.Url.Should().Be($"{Collector.BaseUrl}/login?returnUrl=%2F#/host/test/no-such-host", "the server redirects and the browser keeps the fragment");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("fr");
        (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync()).Should().Be("Connexion");
        await page.GetByLabel("Identifiant").FillAsync("tech");
        await page.GetByLabel("Mot de passe").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        (await alert.TextContentAsync()).Should().StartWith("Identifiant ou mot de passe incorrect");
        (await page.GetByLabel("Mot de passe").GetAttributeAsync("aria-invalid")).Should().Be("true");
        await ScreenshotAsync(page, "login-refused");

        await page.GetByLabel("Identifiant").FillAsync("tech");
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByLabel("Mot de passe").PressAsync("Enter");

        // Back on the page asked for, fragment included, now served by the dashboard with the session cookie.
        var unknown = page.Locator(".facts [role=alert]");
        await unknown.WaitForAsync();
        (await unknown.TextContentAsync()).Should().Contain("inconnu du collecteur");
        page.Url.Should().Be($"{Collector.BaseUrl}/#/host/test/no-such-host");
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "alpi_session");
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteAttribute.Strict);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task ProblemsView_WithoutSession_GoesToLogin_AndComesBackToProblemsAfterLogin()
    {
        await EnsureAccountAsync("sans.session", "technician");
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/#/problems");

        page.Url.Should().Be($"{Collector.BaseUrl}/login?returnUrl=%2F#/problems");
        await LogInOnLoginPageAsync(page, "sans.session");
        await page.Locator("h1", new() { HasTextString = "Problèmes" }).WaitForAsync();
        page.Url.Should().Be($"{Collector.BaseUrl}/#/problems");
        await Assertions.Expect(page.Locator("#user-name")).ToHaveTextAsync("sans.session");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionEndedByTheServer_WhileOnProblems_NextCallGoesToLogin_AndComesBackToProblems()
    {
        var (context, page) = await SignedInPageAsync("session.finie", "technician", "#/problems");
        await using var _ = context;
        await WaitForLiveAsync(page);

        // A new password ends the account's sessions (its security stamp changes), as when an administrator resets it.
        using (var reset = await Collector.Http.PatchAsJsonAsync(new Uri("/api/security/users/session.finie", UriKind.Relative), new { password = PasswordOf("session.finie") }))
        {
            reset.EnsureSuccessStatusCode();
        }

        // The view asks for the SNMP devices' states every 5 s: the first refused call goes to the login page.
        await page.WaitForURLAsync($"{Collector.BaseUrl}/login?**", new() { Timeout = 15_000 });
        page.Url.Should().Be($"{Collector.BaseUrl}/login?returnUrl=%2F#/problems", "the view is kept for after the login");
        await LogInOnLoginPageAsync(page, "session.finie");
        await page.Locator("h1", new() { HasTextString = "Problèmes" }).WaitForAsync();
        page.Url.Should().Be($"{Collector.BaseUrl}/#/problems");
    }

    [Test]
    public async Task LogoutButton_ReachedByKeyboard_EndsTheSession()
    {
        var (context, page) = await SignedInPageAsync("deconnexion", "viewer", "#/");
        await using var _ = context;
        var logout = page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" });
        (await logout.CountAsync()).Should().Be(1);

        await page.Locator("body").FocusAsync();
        for (var i = 0; i < 15 && !await logout.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        (await logout.EvaluateAsync<bool>("b => b === document.activeElement")).Should().BeTrue("Tab reaches the logout button");
        await page.Keyboard.PressAsync("Enter");

        // The address polled: WaitForURLAsync missed, on a loaded machine, a logout page that was there already (its URL
        // read just before the navigation, the navigation's events gone before it listened).
        await Assertions.Expect(page).ToHaveURLAsync($"{Collector.BaseUrl}/login?loggedOut=1", new() { Timeout = 30_000 });
        (await page.GetByRole(AriaRole.Status).TextContentAsync()).Should().Be("Vous êtes déconnecté.");
        (await context.CookiesAsync()).Should().NotContain(c => c.Name == "alpi_session");
        await page.GotoAsync("/#/problems");
        page.Url.Should().StartWith($"{Collector.BaseUrl}/login?", "the session is over");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task LoginPage_InEnglish_WhenChosen_AndRemembered()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await page.Locator("#lang").SelectOptionAsync("en");

        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await page.GetByLabel("User name").CountAsync()).Should().Be(1);
        (await page.GetByLabel("Password").CountAsync()).Should().Be(1);
        (await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).CountAsync()).Should().Be(1);
        await page.ReloadAsync();
        (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync()).Should().Be("Log in");
        await ScreenshotAsync(page, "login-english");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task LoginForm_IsReachedByKeyboard_InReadingOrder()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("username", "the page starts in the first field");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("password");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.type")).Should().Be("submit");
    }
}
