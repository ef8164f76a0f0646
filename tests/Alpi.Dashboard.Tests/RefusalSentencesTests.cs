namespace Alpi.Dashboard.Tests;

/// <summary>
/// How <c>wwwroot/refusals.js</c> words a refusal's values in the page's language, in the browser that shows them (the
/// fixture's context: locale fr-FR, time zone Europe/Paris): times from the server's UTC ISO values in the browser's time,
/// numbers with the language's separators, invisible characters written visibly. The refusals are the collector's
/// answer to the new-account form, replaced by the test (any code can be shown there).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RefusalSentencesTests : BrowserFixture
{
    [TestCase("wifi.search.range", """{"from":"2026-12-02T10:05:00.0000000+00:00","to":"2026-12-01T08:00:00.0000000+00:00"}""", "fr",
        "Du : le début (02/12/2026 11:05) est après la fin (01/12/2026 09:00).", TestName = "Range_InFrench_ShowsTheTimesInTheBrowsersTime")]
    [TestCase("wifi.search.range", """{"from":"2026-07-01T10:05:30.0000000+00:00","to":"2026-07-01T08:00:00.0000000+00:00"}""", "en",
        "From: the start (7/1/26, 12:05:30) is after the end (7/1/26, 10:00).", TestName = "Range_InEnglish_InSummerTime_WithItsSecondsWhenItHasSome")]
    [TestCase("nas.latitude.range", """{"latitude":"95.5"}""", "fr",
        "Latitude : 95,5 n'est pas comprise entre -90 et 90 (degrés WGS 84).", TestName = "Latitude_InFrench_HasADecimalComma")]
    [TestCase("nas.longitude.range", """{"longitude":"-180.000001"}""", "fr",
        "Longitude : -180,000001 n'est pas comprise entre -180 et 180 (degrés WGS 84).", TestName = "Longitude_InFrench_KeepsEveryDigitAndTheSign")]
    [TestCase("nas.latitude.range", """{"latitude":"95.5"}""", "en",
        "Latitude: 95.5 is not -90 to 90 (WGS 84 degrees).", TestName = "Latitude_InEnglish_HasADecimalPoint")]
    [TestCase("body.tooLarge", """{"length":"1048577","limit":"1048576","what":"a rule file"}""", "fr",
        "La requête fait 1\u202F048\u202F577 octets, plus que les 1\u202F048\u202F576 acceptés pour a rule file.", TestName = "Octets_InFrench_AreGroupedByThousands")]
    [TestCase("nas.address.parts", """{"address":"10.2","parts":"2","readAs":"10.0.0.2"}""", "fr",
        "Adresse : « 10.2 » n'a pas quatre parties (elle en a 2) (inet_aton la lit comme 10.0.0.2) ; une adresse IPv4 s'écrit avec quatre nombres de 0 à 255, comme dans 192.0.2.10.",
        TestName = "AnAddressThatLooksLikeADecimal_IsShownAsTyped")]
    [TestCase("account.name.characters", """{"name":"jean\u200Bdupont"}""", "fr",
        "Le nom de compte « jean[U+200B]dupont » ne peut contenir que des lettres ASCII (sans accent), des chiffres, « . », « - », « _ » et « @ ».",
        TestName = "AZeroWidthSpaceInAName_IsShownAsItsCodePoint")]
    [TestCase("account.exists", """{"name":"ana\u00A0b\u2060"}""", "en",
        "The account “ana[U+00A0]b[U+2060]” already exists.", TestName = "ANoBreakSpaceAndAWordJoiner_AreShownAsTheirCodePoints_AnOrdinarySpaceIsNot")]
    [TestCase("account.role.unknown", """{"role":"admin\u200B","roles":"viewer, technician"}""", "fr",
        "Le rôle « admin[U+200B] » n'est pas l'un de ceux-ci : lecture seule, technicien.", TestName = "AnInvisibleCharacterInAWordedValue_IsShownToo")]
    [TestCase("silence.endsAt.past", """{"endsAt":"2026-12-01T19:00:00Z"}""", "fr",
        "Fin : la suspension se terminerait le 01/12/2026 20:00, moment déjà passé ; elle ne suspendrait rien.", TestName = "ASilenceEndingInThePast_InFrench_ShowsItsEndInTheBrowsersTime")]
    [TestCase("maintenance.once.time", """{"member":"once.to","value":"2026-12-03T25:00Z"}""", "fr",
        "Au : « 2026-12-03T25:00Z » n'est pas une date et heure comme 2026-12-24 18:00 (heure du fuseau de la fenêtre) ou 2026-12-24T17:00:00Z (ISO 8601 avec son décalage).",
        TestName = "AMalformedOnceTime_InFrench_NamesTheFieldAsTheFormDoes_AndTheValueAsTyped")]
    [TestCase("maintenance.once.reversed", """{"from":"2030-01-01 03:00","to":"2030-01-01 01:00","timeZone":"Europe/Paris"}""", "fr",
        "Au : la fenêtre finirait le 2030-01-01 01:00, avant ou au moment où elle commence (2030-01-01 03:00, Europe/Paris) ; « Au » doit être après « Du ».",
        TestName = "AReversedOnceWindow_InFrench_NamesBothTimesAsRead")]
    [TestCase("access.scope", """{"scope":"read","role":"viewer"}""", "en", "The token's scope (read, role: read only) does not allow this.",
        TestName = "ATokenScopeTooLow_InEnglish_NamesTheScopeAndItsRole")]
    [TestCase("matcher.regex", """{"key":"host","pattern":"~(a{1000}){1000}","problem":"tooLarge"}""", "en",
        "Host: “~(a{1000}){1000}” is not a valid regular expression: its repetitions multiply into an expression too large to run (such as (a{1000}){1000}); use smaller counts.",
        TestName = "RepetitionsTooLarge_InEnglish_AreNotWordedAsALookAround")]
    public async Task RefusalSentence_WordsItsValuesForTheReader(string code, string args, string language, string expected)
    {
        var sentence = await RefusalShownAsync(code, args, language);

        sentence.Should().Be(expected);
        PageErrors.Should().BeEmpty();
    }

    /// <summary>
    /// The sentence the page shows for a refusal <paramref name="code"/> with <paramref name="args"/> (JSON) in
    /// <paramref name="language"/>: the collector's answer to the new-account form is replaced by that refusal, whose
    /// English sentence (<c>detail</c>) the page would show for a code it does not word.
    /// </summary>
    private async Task<string> RefusalShownAsync(string code, string args, string language)
    {
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
                Body = $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","status":400,"detail":"the English sentence","error":"the English sentence","code":"{{code}}","args":{{args}}}""",
            });
        });
        await Page.GotoAsync("/#/admin/users");
        await Page.Locator("tr[data-user]").First.WaitForAsync();
        if (language != "fr")
        {
            await Page.Locator("#lang").SelectOptionAsync(language);
            await Page.Locator("html[lang=" + language + "]").WaitForAsync();
        }

        await Page.Locator("#nu-name").FillAsync("x");
        await Page.Locator("#nu-password").FillAsync(PasswordOf("x"));
        await Page.Locator("#nu-password").PressAsync("Enter");
        await Page.WaitForFunctionAsync("() => document.querySelector('#nu-error').textContent.length > 0");
        return (await Page.Locator("#nu-error").TextContentAsync())!;
    }
}
