using System.Collections.Concurrent;
using System.Net;
using Alpi.HotspotController.Portal;
using Alpi.HotspotController.Tests.Radius;
using Alpi.Protocols.Radius;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// A scripted CoovaChilli terminal on a loopback address of its own (127.0.0.1, 127.0.0.2…), declared to the controller
/// as NAS client <see cref="NasIdentifier"/> (also its NAS-Identifier) with secret <see cref="Secret"/>:
/// <list type="bullet">
/// <item>any page (<c>/</c>) redirects the browser to the portal with a fresh challenge and a signed <c>res=notyet</c>
/// URL, as chilli's redir does;</item>
/// <item><c>/logon?username=…&amp;response=…</c> sends a real Access-Request to the controller's RADIUS port, as chilli
/// does for UAM: CHAP-Challenge = MD5(challenge + uamsecret), CHAP-Password = 0 + response, Calling-Station-Id = the
/// device MAC, NAS-Identifier, Message-Authenticator; then redirects to the portal with <c>res=success</c> on
/// Access-Accept, <c>res=failed</c> and the Reply-Message on Access-Reject;</item>
/// <item><see cref="MacAuthenticateAsync"/> is chilli's <c>macauth</c> when a device associates.</item>
/// </list>
/// </summary>
public sealed class TestTerminal : IAsyncDisposable
{
    /// <summary>The RADIUS shared secret of every test terminal.</summary>
    public const string Secret = "terminal-secret";

    /// <summary>Reply-Message (RFC 2865 §5.18).</summary>
    private const byte ReplyMessage = 18;

    private readonly PortalHarness _portal;
    private readonly WebApplication _app;
    private readonly TestRadiusClient _radius;
    private string _challenge = PortalHarness.NewChallenge();

    private TestTerminal(PortalHarness portal, string mac, IPAddress address, string nasIdentifier, int port)
    {
        _portal = portal;
        Mac = mac;
        Address = address;
        Port = port;
        _radius = new TestRadiusClient(address, portal.AuthPort, Secret, nasIdentifier);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapGet("/", (Delegate)Redirect);
        _app.MapGet("/logon", (Delegate)LogonAsync);
    }

    /// <summary>The MAC of the one client this terminal serves.</summary>
    public string Mac { get; }

    /// <summary>The terminal's loopback address: its UAM address and the source of its RADIUS requests.</summary>
    public IPAddress Address { get; }

    /// <summary>The NAS-Identifier, also the terminal's NAS client name in the controller.</summary>
    public string NasIdentifier => _radius.NasIdentifier;

    /// <summary>The UAM port.</summary>
    public int Port { get; }

    /// <summary>The UAM base URL.</summary>
    public string BaseUrl => $"http://{Address}:{Port}";

    /// <summary>Each <c>/logon</c> received: the username, the response and whether the controller accepted it.</summary>
    public ConcurrentQueue<(string Username, string Response, bool Accepted)> Logons { get; } = new();

    /// <summary>
    /// Declares the terminal to the controller (NAS client <paramref name="nasIdentifier"/> at <paramref name="address"/>,
    /// default 127.0.0.1) and starts its UAM server.
    /// </summary>
    public static async Task<TestTerminal> StartAsync(PortalHarness portal, string mac, string address = "127.0.0.1", string nasIdentifier = PortalHarness.DefaultNasId)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await portal.AddNasAsync(nasIdentifier, address, Secret);
        var terminal = new TestTerminal(portal, mac, IPAddress.Parse(address), nasIdentifier, FreePort.Tcp());
        await terminal._app.StartAsync();
        return terminal;
    }

    /// <summary>MAC authentication of <paramref name="mac"/> (default: this terminal's client) at the controller, as chilli's <c>macauth</c>.</summary>
    /// <returns>The verified Access-Accept or Access-Reject.</returns>
    public Task<RadiusPacket> MacAuthenticateAsync(string? mac = null) => _radius.MacAuthenticateAsync(mac ?? Mac);

    private IResult Redirect(HttpContext context)
    {
        _challenge = PortalHarness.NewChallenge();
        var userUrl = context.Request.Query["userurl"].ToString();
        return Results.Redirect(_portal.LandingUrl("notyet", _challenge, Mac, userUrl.Length > 0 ? userUrl : "http://example.org/", Address.ToString(), Port, nasId: NasIdentifier));
    }

    private async Task<IResult> LogonAsync(HttpContext context)
    {
        var username = context.Request.Query["username"].ToString();
        var response = context.Request.Query["response"].ToString();
        var userUrl = context.Request.Query["userurl"].ToString();
        var chapChallenge = UamCrypto.ComputeChapChallenge(Convert.FromHexString(_challenge), PortalHarness.UamSecret);
        var reply = await _radius.ChapLogonAsync(username, 0, Convert.FromHexString(response), chapChallenge, Mac);
        var accepted = reply.Code == RadiusCode.AccessAccept;
        Logons.Enqueue((username, response, accepted));
        return Results.Redirect(_portal.LandingUrl(accepted ? "success" : "failed", accepted ? null : _challenge, Mac, userUrl.Length > 0 ? userUrl : null,
            Address.ToString(), Port, reply: accepted ? null : reply.Find(ReplyMessage)?.GetString() ?? "Access-Reject", nasId: NasIdentifier));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _radius.Dispose();
    }
}
