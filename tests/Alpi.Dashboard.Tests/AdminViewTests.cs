using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The administration view (<c>#/admin</c>) as an administrator uses it, against a collector with its hotspot controller
/// bundled and an SNMP device configured for its local agent: create an account and log in with it, change a role and
/// disable an account, add and change a terminal (NAS) whose secret is never shown, check a rule file and see the line of
/// its error, the SNMP settings without secrets, the tenants; other roles see no link; axe-core in French and English.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class AdminViewTests : BrowserFixture
{
    private const string NasSecret = "borne-secret-9f2c";
    private const string Community = "communaute-secrete-41";

    /// <summary>One device for the local agent, polled once an hour at a port where nothing answers.</summary>
    protected override IReadOnlyDictionary<string, string?> ExtraCollectorSettings { get; } = new Dictionary<string, string?>
    {
        ["Agent:Snmp:Devices:0:Name"] = "switch-admin",
        ["Agent:Snmp:Devices:0:Address"] = "127.0.0.1:9",
        ["Agent:Snmp:Devices:0:Community"] = Community,
        ["Agent:Snmp:Devices:0:Interval"] = "01:00:00",
        ["Agent:Snmp:Devices:0:Timeout"] = "00:00:00.2",
    };

    protected override IDictionary<string, string?>? BundledHotspotSettings => new Dictionary<string, string?>();

    [Test]
    public async Task Administrator_CreatesAnAccount_ThatThenLogsIn_AndSeesNoAdministration()
    {
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();

        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("nouveau.tech");
        await Page.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync("technician");
        await Page.GetByLabel("Mot de passe initial").FillAsync(PasswordOf("nouveau.tech"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();

        var row = Page.Locator("tr[data-user=\"nouveau.tech\"]");
        await row.WaitForAsync();
        (await Page.Locator("#users-status").TextContentAsync()).Should().Be("Compte nouveau.tech créé (technicien).");
        (await row.GetByLabel("Rôle de nouveau.tech").InputValueAsync()).Should().Be("technician");
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("nu-name", "ready for the next account");

        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/problems");
        await LogInOnLoginPageAsync(page, "nouveau.tech");
        await page.Locator("#user-role", new() { HasTextString = "technicien" }).WaitForAsync();
        (await page.Locator("#nav-admin").IsHiddenAsync()).Should().BeTrue("only administrators see the link");
        await page.GotoAsync("/#/admin/users");
        (await page.Locator("main").TextContentAsync()).Should().Contain("réservée aux administrateurs");
        (await page.Locator("tr[data-user]").CountAsync()).Should().Be(0);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_ChangesARole_ThenDisablesTheAccount_WhichCanNoLongerLogIn()
    {
        await EnsureAccountAsync("role.change", "technician");
        await Page.GotoAsync("/#/admin/users");
        var row = Page.Locator("tr[data-user=\"role.change\"]");
        await row.WaitForAsync();

        await row.GetByLabel("Rôle de role.change").SelectOptionAsync("viewer");
        await Page.Locator("#users-status", new() { HasTextString = "role.change est maintenant lecture seule." }).WaitForAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Désactiver role.change" }).ClickAsync();
        await Page.Locator("tr[data-user=\"role.change\"][data-disabled=\"true\"]").WaitForAsync();
        (await row.TextContentAsync()).Should().Contain("désactivé depuis le");
        (await Page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('aria-label')")).Should().Be("Réactiver role.change", "focus stays on the row's action");

        var account = (await Collector.GetJsonAsync("/api/security/users")).EnumerateArray().Single(a => a.GetProperty("name").GetString() == "role.change");
        account.GetProperty("role").GetString().Should().Be("viewer");
        account.GetProperty("disabled").GetBoolean().Should().BeTrue();
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await LogInOnLoginPageAsync(page, "role.change");
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        page.Url.Should().Contain("/login?error=invalid", "a disabled account cannot log in");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_DeletesAnAccount_AfterConfirming()
    {
        await EnsureAccountAsync("a.supprimer", "viewer");
        await Page.GotoAsync("/#/admin/users");
        var row = Page.Locator("tr[data-user=\"a.supprimer\"]");
        await row.WaitForAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Supprimer a.supprimer" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Supprimer le compte a.supprimer ?" });
        await dialog.WaitForAsync();
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Supprimer", Exact = true }).ClickAsync();

        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await Collector.GetJsonAsync("/api/security/users")).EnumerateArray().Should().NotContain(a => a.GetProperty("name").GetString() == "a.supprimer");
    }

    [Test]
    public async Task Administrator_AddsATerminal_SeesItListedWithoutItsSecret_ThenChangesIt()
    {
        await Page.GotoAsync("/#/admin/nas");
        await Page.GetByLabel("Nom de la borne").WaitForAsync();

        await Page.GetByLabel("Nom de la borne").FillAsync("borne-mairie");
        await Page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("not an address");
        await Page.GetByLabel("Secret RADIUS partagé").FillAsync(NasSecret);
        await Page.GetByLabel("Collectivité").FillAsync("mairie-admin");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la borne" }).ClickAsync();

        // The server's refusal names the field: marked, described by the message (in French), focused.
        await Page.Locator("#nas-error", new() { HasTextString = "Adresse : « not an address » n'est ni une adresse IP ni un réseau CIDR" }).WaitForAsync();
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("nas-address");
        (await Page.Locator("#nas-address").GetAttributeAsync("aria-invalid")).Should().Be("true");

        await Page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("192.0.2.77");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la borne" }).ClickAsync();
        var row = Page.Locator("tr[data-nas=\"borne-mairie\"]");
        await row.WaitForAsync();
        (await row.TextContentAsync()).Should().Contain("192.0.2.77").And.Contain("mairie-admin").And.Contain("exigé");
        (await Page.Locator("#nas-status").TextContentAsync()).Should().Be("Borne borne-mairie ajoutée.");
        await ScreenshotAsync(Page, "admin-nas-desktop");
        (await Page.ContentAsync()).Should().NotContain(NasSecret, "the secret is not in the page once sent");
        var listed = await Collector.Http.GetStringAsync(new Uri("/api/admin/nas", UriKind.Relative));
        listed.Should().Contain("borne-mairie").And.NotContain(NasSecret);

        await row.GetByRole(AriaRole.Button, new() { Name = "Modifier borne-mairie" }).ClickAsync();
        (await Page.GetByLabel("Secret RADIUS partagé").InputValueAsync()).Should().BeEmpty("the secret is write only");
        (await Page.GetByLabel("Nom de la borne").IsEditableAsync()).Should().BeFalse();
        await Page.GetByLabel("Groupe").FillAsync("plein-air");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Page.Locator("#nas-status", new() { HasTextString = "Borne borne-mairie modifiée." }).WaitForAsync();
        (await row.TextContentAsync()).Should().Contain("plein-air");
        var stored = (await Collector.HotspotServices!.GetRequiredService<Alpi.HotspotController.Nas.NasClientStore>().ListAsync(CancellationToken.None))
            .Single(n => n.Name == "borne-mairie");
        stored.Secret.Should().Be(NasSecret, "an empty secret field keeps the secret");
        stored.GroupName.Should().Be("plein-air");

        // A short secret is saved, and the page says why it should not be.
        await row.GetByRole(AriaRole.Button, new() { Name = "Modifier borne-mairie" }).ClickAsync();
        await Page.GetByLabel("Secret RADIUS partagé").FillAsync("court");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Page.Locator("#nas-status", new() { HasTextString = "Borne borne-mairie modifiée. Attention : son secret partagé ne fait que 5 octet(s) ; la RFC 2865 (§3) en recommande au moins 16" })
            .WaitForAsync();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_TypesAnOctalLookingAddress_SeesTheRefusalInFrench_WithItsValues_OnTheField()
    {
        await Page.GotoAsync("/#/admin/nas");
        await Page.GetByLabel("Nom de la borne").WaitForAsync();

        await Page.GetByLabel("Nom de la borne").FillAsync("borne-octale");
        await Page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("010.0.0.1");
        await Page.GetByLabel("Secret RADIUS partagé").FillAsync(NasSecret);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la borne" }).ClickAsync();

        var error = Page.Locator("#nas-error");
        await Page.WaitForFunctionAsync("() => document.querySelector('#nas-error').textContent.length > 0");
        (await error.TextContentAsync()).Should().Be(
            "Adresse : « 010.0.0.1 » : la partie 010 commence par un zéro, qu'inet_aton lit en octal (il lit l'adresse comme 8.0.0.1) ; "
            + "écrivez 10.0.0.1 si c'est l'adresse voulue (sans zéro en tête).");
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("nas-address");
        (await Page.Locator("#nas-address").GetAttributeAsync("aria-invalid")).Should().Be("true");
        (await Page.Locator("#nas-address").GetAttributeAsync("aria-describedby")).Should().Contain("nas-error");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_TypesABadAccountName_InEnglish_SeesTheRefusalInEnglish_AndInFrench_InFrench()
    {
        await Page.GotoAsync("/#/");
        await Page.Locator("#lang").SelectOptionAsync("en");
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();

        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("jean dupont");
        await Page.GetByLabel("Initial password").FillAsync(PasswordOf("jean.dupont"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();

        await Page.WaitForFunctionAsync("() => document.querySelector('#nu-error').textContent.length > 0");
        (await Page.Locator("#nu-error").TextContentAsync()).Should().Be(
            "The account name “jean dupont” may hold only ASCII letters, digits, “.”, “-”, “_” and “@”.");
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("nu-name");

        await Page.Locator("#lang").SelectOptionAsync("fr");
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("jean");
        await Page.GetByLabel("Mot de passe initial").FillAsync("court");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();

        await Page.WaitForFunctionAsync("() => document.querySelector('#nu-error').textContent.length > 0");
        (await Page.Locator("#nu-error").TextContentAsync()).Should().Be("Un mot de passe a de 12 à 128 caractères ; celui-ci en a 5.");
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("nu-password");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_ARefusalAndTheMessageOfADoneAction_StayOnScreen_WordedInTheNewLanguage_WhenTheLanguageIsSwitched()
    {
        // A new user's check: switching FR/EN drew the section again and lost the refusal shown (and the message after an action).
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();
        await Page.Locator("#nu-name").FillAsync("jean");
        await Page.Locator("#nu-password").FillAsync("court");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Page.Locator("#nu-error", new() { HasTextString = "Un mot de passe" }).WaitForAsync();

        await Page.Locator("#lang").SelectOptionAsync("en");

        await Page.Locator("#nu-title", new() { HasTextString = "New account" }).WaitForAsync();
        await Page.Locator("#nu-error", new() { HasTextString = "password" }).WaitForAsync();
        (await Page.Locator("#nu-error").TextContentAsync()).Should().Be("A password has 12 to 128 characters; this one has 5.");
        (await Page.Locator("#nu-password").GetAttributeAsync("aria-invalid")).Should().Be("true", "the field named by the refusal is still marked");
        (await Page.Locator("#nu-password").GetAttributeAsync("aria-describedby")).Should().Contain("nu-error");
        (await Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().NotBe("nu-password", "drawing the refusal again does not move the focus");

        await Page.Locator("#nu-password").FillAsync(PasswordOf("jean"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Page.Locator("#users-status", new() { HasTextString = "Account jean created" }).WaitForAsync();
        (await Page.Locator("#nu-error").TextContentAsync()).Should().BeEmpty();

        await Page.Locator("#lang").SelectOptionAsync("fr");

        await Page.Locator("#users-status", new() { HasTextString = "Compte jean créé" }).WaitForAsync();
        (await Page.Locator("#users-status").TextContentAsync()).Should().Be("Compte jean créé (technicien).");
        (await Page.Locator("#nu-error").TextContentAsync()).Should().BeEmpty("the refusal was cleared by the success, and stays cleared");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_HalfFilledNewAccount_KeepsWhatWasTyped_WhenTheLanguageIsSwitched()
    {
        // A new user's check: switching FR/EN drew the section again, emptying the form being filled.
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();
        await Page.Locator("#nu-name").FillAsync("marie.curie");
        await Page.Locator("#nu-role").SelectOptionAsync("dpo");
        await Page.Locator("#nu-password").FillAsync(PasswordOf("marie.curie"));

        await Page.Locator("#lang").SelectOptionAsync("en");

        await Page.Locator("#nu-title", new() { HasTextString = "New account" }).WaitForAsync();
        (await Page.Locator("#nu-name").InputValueAsync()).Should().Be("marie.curie");
        (await Page.Locator("#nu-role").InputValueAsync()).Should().Be("dpo");
        (await Page.Locator("#nu-password").InputValueAsync()).Should().Be(PasswordOf("marie.curie"));
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_ChangingATerminal_KeepsChangingIt_WithWhatWasTyped_WhenTheLanguageIsSwitched()
    {
        // Keeping the fields alone would turn the change into an addition of a terminal of the same name.
        using (var created = await Collector.Http.PostAsJsonAsync(new Uri("/api/admin/nas", UriKind.Relative),
            new { name = "borne-langue", address = "192.0.2.81", secret = NasSecret }))
        {
            created.StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        }

        await Page.GotoAsync("/#/admin/nas");
        await Page.Locator("tr[data-nas=\"borne-langue\"]").GetByRole(AriaRole.Button, new() { Name = "Modifier borne-langue" }).ClickAsync();
        await Page.Locator("#nas-address").FillAsync("192.0.2.82");

        await Page.Locator("#lang").SelectOptionAsync("en");

        await Page.Locator("#nas-form-title", new() { HasTextString = "Edit the terminal borne-langue" }).WaitForAsync();
        (await Page.Locator("#nas-address").InputValueAsync()).Should().Be("192.0.2.82");
        (await Page.Locator("#nas-name").InputValueAsync()).Should().Be("borne-langue");
        (await Page.Locator("#nas-name").GetAttributeAsync("readonly")).Should().NotBeNull("a terminal is not renamed");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Page.Locator("#nas-status", new() { HasTextString = "Terminal borne-langue changed." }).WaitForAsync();
        var stored = (await Collector.HotspotServices!.GetRequiredService<Alpi.HotspotController.Nas.NasClientStore>().ListAsync(CancellationToken.None))
            .Single(n => n.Name == "borne-langue");
        stored.Address.Should().Be("192.0.2.82");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task ARefusalWhoseCodeThePageDoesNotKnow_IsShownAsTheServersSentence()
    {
        // A newer collector's refusal: its code has no template in this page, so the English sentence is shown as before.
        await Page.RouteAsync("**/api/security/users", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            await route.FulfillAsync(new()
            {
                Status = 400,
                ContentType = "application/problem+json",
                Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","status":400,"detail":"a sentence of a newer collector","parameter":"name","error":"a sentence of a newer collector","code":"account.name.future","args":{"name":"x"}}""",
            });
        });
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();

        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("x");
        await Page.GetByLabel("Mot de passe initial").FillAsync(PasswordOf("x"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();

        await Page.WaitForFunctionAsync("() => document.querySelector('#nu-error').textContent.length > 0");
        (await Page.Locator("#nu-error").TextContentAsync()).Should().Be("a sentence of a newer collector");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_ClearsATerminalsTenantAndGroup_WhichGoBackToDefault()
    {
        var (stored, row) = await ClearInTheFormAsync(new { name = "borne-annexe", address = "192.0.2.78", secret = NasSecret, tenant = "mairie-annexe", group = "plein-air" }, async () =>
        {
            (await Page.GetByLabel("Collectivité").InputValueAsync()).Should().Be("mairie-annexe");
            await Page.GetByLabel("Collectivité").FillAsync("");
            await Page.GetByLabel("Groupe").FillAsync("");
        });

        stored.Tenant.Should().Be("default", "the field's hint says an empty one is \"default\"");
        stored.GroupName.Should().Be("default");
        (await row.TextContentAsync()).Should().NotContain("mairie-annexe").And.NotContain("plein-air");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Administrator_ClearsATerminalsCoordinates_WhichLeavesTheMap()
    {
        // A new user's check: emptied coordinate fields were left out of the request, so the terminal kept them.
        var (stored, row) = await ClearInTheFormAsync(new { name = "borne-ex-carte", address = "192.0.2.79", secret = NasSecret, latitude = 45.9, longitude = 6.1 }, async () =>
        {
            (await Page.Locator("#nas-lat").InputValueAsync()).Should().Be("45.9");
            (await Page.Locator("tr[data-nas=\"borne-ex-carte\"]").TextContentAsync()).Should().Contain("45,9 ; 6,1", "French writes a decimal comma");
            await Page.Locator("#nas-lat").FillAsync("");
            await Page.Locator("#nas-lon").FillAsync("");
        });

        stored.Latitude.Should().BeNull();
        stored.Longitude.Should().BeNull();
        (await row.TextContentAsync()).Should().NotContain("45.9").And.NotContain("45,9");
        PageErrors.Should().BeEmpty();
    }

    /// <summary>
    /// Adds the terminal <paramref name="terminal"/> (an anonymous object with its <c>name</c>) through the API, opens its
    /// edit form, lets <paramref name="clear"/> empty fields, saves, and returns the terminal as stored and its row.
    /// </summary>
    private async Task<(Alpi.HotspotController.Nas.NasClient Stored, ILocator Row)> ClearInTheFormAsync(object terminal, Func<Task> clear)
    {
        var name = (string)terminal.GetType().GetProperty("name")!.GetValue(terminal)!;
        using (var created = await Collector.Http.PostAsJsonAsync(new Uri("/api/admin/nas", UriKind.Relative), terminal))
        {
            created.StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        }

        await Page.GotoAsync("/#/admin/nas");
        var row = Page.Locator($"tr[data-nas=\"{name}\"]");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Modifier {name}" }).ClickAsync();
        await clear();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Page.Locator("#nas-status", new() { HasTextString = $"Borne {name} modifiée." }).WaitForAsync();
        var stored = (await Collector.HotspotServices!.GetRequiredService<Alpi.HotspotController.Nas.NasClientStore>().ListAsync(CancellationToken.None))
            .Single(n => n.Name == name);
        return (stored, row);
    }

    [Test]
    public async Task Administrator_ChecksABadRuleFile_AndSeesTheLineOfTheError()
    {
        await Page.GotoAsync("/#/admin/rules");
        var rule = Page.Locator("tr[data-rule=\"temp-high\"]");
        await rule.WaitForAsync();
        (await rule.TextContentAsync()).Should().Contain("last(dash_temp.value) over 1h > 50 (critical), > 40 (warning)");
        (await Page.Locator("main").TextContentAsync()).Should().NotContain("null").And.NotContain("undefined");

        await Page.GetByLabel("Texte du fichier de règles (YAML)").FillAsync("""
            rules:
              - name: disque
                kind: threshold
                window: cinq minutes
                measurement: disk
                field: used_percent
                above: 90
            """);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();

        var error = Page.Locator("#rules-errors li[data-line=\"4\"]");
        await error.WaitForAsync();
        (await error.TextContentAsync()).Should().StartWith("Ligne 4, colonne").And.Contain("rules[0].window");
        (await Page.Locator("#rules-result").TextContentAsync()).Should().Contain("Fichier refusé : 1 erreur(s).");
        (await Collector.GetJsonAsync("/api/alerts/rules")).GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString())
            .Should().ContainSingle().Which.Should().Be("temp-high", "checking saves nothing");

        await Page.GetByLabel("Texte du fichier de règles (YAML)").FillAsync("rules:\n  - name: ok\n    kind: presence\n");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
        await Page.Locator("#rules-result", new() { HasTextString = "Fichier valide : 1 règle(s)" }).WaitForAsync();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SnmpSection_ShowsTheConfiguredDevice_AndWhereItIsConfigured_NeverItsCommunity()
    {
        await Page.GotoAsync("/#/admin/snmp");
        var device = Page.Locator("tr[data-device=\"switch-admin\"]");
        await device.WaitForAsync();

        (await device.TextContentAsync()).Should().Contain("127.0.0.1:9").And.Contain("v2c").And.Contain("communauté définie")
            .And.Contain("in-memory settings — Agent:Snmp:Devices:0");
        (await Page.ContentAsync()).Should().NotContain(Community);
        (await Page.Locator("main").TextContentAsync()).Should().NotContain("null").And.NotContain("undefined");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task TenantsSection_ListsTheTenantsSeen_WithTheirHosts()
    {
        await PublishStatusAsync("mairie-tenant", "srv-tenant", online: true);
        await Page.GotoAsync("/#/admin/tenants");

        var tenant = Page.Locator("tr[data-tenant=\"mairie-tenant\"]");
        await tenant.WaitForAsync(new() { Timeout = 15_000 });
        (await tenant.TextContentAsync()).Should().Contain("1 en ligne sur 1");
        (await Page.Locator("tr[data-tenant=\"test\"]").CountAsync()).Should().Be(1, "the collector's own host");
        PageErrors.Should().BeEmpty();
    }

    [TestCase("users", "fr", "tr[data-user]")]
    [TestCase("rules", "fr", "tr[data-rule]")]
    [TestCase("snmp", "fr", "tr[data-device]")]
    [TestCase("tenants", "fr", "tr[data-tenant]")]
    [TestCase("nas", "fr", "#nas-name")]
    [TestCase("users", "en", "tr[data-user]")]
    [TestCase("rules", "en", "tr[data-rule]")]
    [TestCase("snmp", "en", "tr[data-device]")]
    [TestCase("tenants", "en", "tr[data-tenant]")]
    [TestCase("nas", "en", "#nas-name")]
    public async Task AdminSection_HasNoSeriousOrCriticalAxeViolation(string section, string language, string ready)
    {
        await Page.GotoAsync("/#/");
        await Page.Locator("#lang").SelectOptionAsync(language);
        await Page.GotoAsync($"/#/admin/{section}");
        await Page.Locator(ready).First.WaitForAsync(new() { Timeout = 20_000 });

        (await Page.Locator("html").GetAttributeAsync("lang")).Should().Be(language);
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty("axe-core finds no serious or critical violation on #/admin/{0} ({1})", section, language);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task AdminMenu_IsReachedByKeyboard_AndOpensEachSection()
    {
        await Page.GotoAsync("/#/admin");
        await Page.Locator("tr[data-user]").First.WaitForAsync();
        (await Page.Locator("#nav-admin a").GetAttributeAsync("aria-current")).Should().Be("page");

        var rules = Page.GetByRole(AriaRole.Navigation, new() { Name = "Rubriques d'administration" }).GetByRole(AriaRole.Link, new() { Name = "Règles d'alerte" });
        await rules.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Page.Locator("tr[data-rule]").First.WaitForAsync();
        (await rules.GetAttributeAsync("aria-current")).Should().Be("true");
        Page.Url.Should().EndWith("#/admin/rules");
    }

    [Test]
    [TestCase("users", "tr[data-user]")]
    [TestCase("rules", "tr[data-rule]")]
    [TestCase("snmp", "tr[data-device]")]
    [TestCase("nas", "#nas-name")]
    public async Task OnAPhone_TheSection_FitsTheScreen_ScreenshotSaved(string section, string ready)
    {
        await using var context = await NewContextAsync(new() { Width = 390, Height = 844 }, isMobile: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/#/admin/{section}");
        await page.Locator(ready).First.WaitForAsync();

        await ScreenshotAsync(page, $"admin-{section}-phone");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .Should().BeLessThanOrEqualTo(0, "nothing may scroll sideways on a phone");
        PageErrors.Should().BeEmpty();
    }
}
