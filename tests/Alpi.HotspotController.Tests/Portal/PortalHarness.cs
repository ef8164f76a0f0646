using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Portal;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// The hotspot controller started in-process (HotspotApplication.Create) on a free loopback port with its state in a
/// temporary folder, and helpers that build UAM redirects the way CoovaChilli does (src/redir.c bstring_buildurl and
/// redir_urlencode: unreserved characters kept, the rest as lower-case %xx; md = MD5(url + uamsecret), upper-case).
/// </summary>
public sealed class PortalHarness : IAsyncDisposable
{
    /// <summary>The UAM secret the harness's terminals share with the portal.</summary>
    public const string UamSecret = "s3cret-uam";

    /// <summary>The operator named by the terms and the RGPD notice (required once terminals sign their links).</summary>
    public const string OperatorName = "Syndicat mixte Numérique Exemple";

    /// <summary>The <c>nasid</c> of landing URLs, and the NAS client name of terminals at 127.0.0.1.</summary>
    public const string DefaultNasId = "mairie-test";

    private readonly TempDirectory _data = new("alpi-portal");
    private WebApplication? _app;

    private PortalHarness(int port, int authPort, int acctPort)
    {
        Port = port;
        AuthPort = authPort;
        AcctPort = acctPort;
    }

    /// <summary>The portal's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The RADIUS authentication port on 127.0.0.1.</summary>
    public int AuthPort { get; }

    /// <summary>The RADIUS accounting port on 127.0.0.1.</summary>
    public int AcctPort { get; }

    /// <summary>The portal's base URL, with the trailing slash terminals write in <c>uamserver</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>The controller's data folder (Hotspot:DataDirectory).</summary>
    public string DataDirectory => _data.Path;

    /// <summary>The running application's services.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The portal's counters.</summary>
    public PortalMetrics Metrics => Services.GetRequiredService<PortalMetrics>();

    /// <summary>Starts a controller; <paramref name="settings"/> override the defaults.</summary>
    public static async Task<PortalHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var harness = new PortalHarness(FreePort.Tcp(), FreePort.Udp(), FreePort.Udp());
        var config = new Dictionary<string, string?>
        {
            ["Hotspot:DataDirectory"] = harness._data.Path,
            ["Hotspot:Portal:Url"] = $"http://127.0.0.1:{harness.Port}",
            ["Hotspot:Portal:UamSecret"] = UamSecret,
            ["Hotspot:Portal:Privacy:ControllerName"] = OperatorName,
            ["Hotspot:Portal:Privacy:ControllerAddress"] = "1 place de la Mairie, 99000 Exempleville",
            ["Hotspot:Portal:Privacy:DpoContact"] = "dpo@numerique-exemple.fr",
            ["Hotspot:Radius:BindAddress"] = "127.0.0.1",
            ["Hotspot:Radius:AuthPort"] = harness.AuthPort.ToString(CultureInfo.InvariantCulture),
            ["Hotspot:Radius:AcctPort"] = harness.AcctPort.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        harness._app = HotspotApplication.Create([], c => c.AddInMemoryCollection(config));
        await harness._app.StartAsync();
        return harness;
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient NewClient(string? acceptLanguage = "fr-FR,fr;q=0.9")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl),
        };
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return client;
    }

    /// <summary>
    /// A landing URL as a CoovaChilli terminal at <paramref name="uamIp"/>:<paramref name="uamPort"/> builds it,
    /// signed with <paramref name="secret"/> (no md when null).
    /// </summary>
    public string LandingUrl(string res, string? challengeHex, string mac, string? userUrl = "http://example.org/", string uamIp = "10.1.0.1",
        int uamPort = 3990, string? secret = UamSecret, string? reply = null, string? portalBase = null, string nasId = DefaultNasId) =>
        BuildLandingUrl(portalBase ?? BaseUrl, res, challengeHex, mac, userUrl, uamIp, uamPort, secret, reply, nasId);

    /// <summary>The same, for any portal base URL.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "CoovaChilli signs with MD5.")]
    public static string BuildLandingUrl(string portalBase, string res, string? challengeHex, string mac, string? userUrl, string uamIp, int uamPort, string? secret, string? reply = null,
        string nasId = DefaultNasId)
    {
        var url = new StringBuilder($"{portalBase}?res={res}&uamip={uamIp}&uamport={uamPort}");
        if (challengeHex is not null)
        {
            url.Append("&challenge=").Append(challengeHex);
        }

        url.Append("&called=").Append(ChilliEncode("00-11-22-33-44-55"));
        url.Append("&mac=").Append(ChilliEncode(mac));
        url.Append("&ip=10.1.0.5");
        if (reply is not null)
        {
            url.Append("&reply=").Append(ChilliEncode(reply));
        }

        url.Append("&nasid=").Append(ChilliEncode(nasId));
        url.Append("&sessionid=").Append(ChilliEncode("5f3a9c21000001"));
        if (userUrl is not null)
        {
            url.Append("&userurl=").Append(ChilliEncode(userUrl));
        }

        if (secret is not null)
        {
            var md = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(url + secret)));
            url.Append("&md=").Append(md);
        }

        return url.ToString();
    }

    /// <summary>CoovaChilli's redir_urlencode: A-Z a-z 0-9 - _ . ! ~ * kept, every other octet as lower-case %xx.</summary>
    public static string ChilliEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '~' or '*')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>A fresh random challenge, 32 lower-case hex digits.</summary>
    public static string NewChallenge() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The value of the hidden field <paramref name="name"/> in a page (the first one).</summary>
    public static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        match.Success.Should().BeTrue($"the page has a hidden field {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>
    /// Declares (or updates) NAS client <paramref name="name"/> at <paramref name="address"/>, as <c>nas add</c> does,
    /// and refreshes the RADIUS servers' client cache so that it is served at once.
    /// </summary>
    public async Task AddNasAsync(string name, string address, string secret, int coaPort = 3799)
    {
        await Services.GetRequiredService<NasClientStore>().UpsertAsync(new NasClient { Name = name, Address = address, Secret = secret, CoaPort = coaPort }, CancellationToken.None);
        await Services.GetRequiredService<NasClientRegistry>().RefreshAsync(CancellationToken.None);
    }

    /// <summary>
    /// Whether a <c>/logon?username=…&amp;response=…</c> would verify, without consuming the token:
    /// true when the response is MD5(0 + token + C) for one of the login's valid logon tokens, C being the CHAP
    /// challenge derived from <paramref name="challengeHex"/> and the UAM secret.
    /// </summary>
    public async Task<bool> ResponseVerifiesAsync(string login, string responseHex, string challengeHex)
    {
        var tokens = await Services.GetRequiredService<LogonTokenStore>().ListValidAsync(login, Services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        return tokens.Any(token => UamCrypto.ComputeChapResponse(Convert.FromHexString(challengeHex), UamSecret, token.Token) == responseHex);
    }

    /// <summary>Creates an account directly in the store.</summary>
    public async Task<Account> CreateAccountAsync(string login, string password, bool blocked = false)
    {
        var accounts = Services.GetRequiredService<AccountStore>();
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var account = (await accounts.CreateAsync(login, login, AccountPasswords.Hash(password), now, now, CancellationToken.None))!;
        if (blocked)
        {
            await accounts.SetBlockedAsync(login, true, CancellationToken.None);
        }

        return account;
    }

    /// <summary>The registration of a device, or null.</summary>
    public Task<RegisteredDevice?> FindDeviceAsync(string mac) =>
        Services.GetRequiredService<DeviceStore>().FindAsync(MacAddress.Parse(mac), CancellationToken.None);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
