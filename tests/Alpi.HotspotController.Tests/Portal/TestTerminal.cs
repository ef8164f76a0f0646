using System.Collections.Concurrent;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// A scripted CoovaChilli terminal on 127.0.0.1: any page (<c>/</c>) redirects the browser to the portal with a
/// fresh challenge and a signed <c>res=notyet</c> URL, as chilli's redir does; <c>/logon?username=…&amp;response=…</c>
/// checks the CHAP response and redirects to the portal with <c>res=success</c> or <c>res=failed</c>.
/// The check recomputes the response from the login's valid logon tokens (<see cref="PortalHarness.ResponseVerifiesAsync"/>);
/// once the RADIUS server lands, it becomes a real Access-Request with CHAP-Challenge and CHAP-Password.
/// </summary>
public sealed class TestTerminal : IAsyncDisposable
{
    private readonly PortalHarness _portal;
    private readonly WebApplication _app;
    private string _challenge = PortalHarness.NewChallenge();

    private TestTerminal(PortalHarness portal, string mac, int port)
    {
        _portal = portal;
        Mac = mac;
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapGet("/", (Delegate)Redirect);
        _app.MapGet("/logon", (Delegate)LogonAsync);
    }

    /// <summary>The MAC of the one client this terminal serves.</summary>
    public string Mac { get; }

    /// <summary>The UAM port.</summary>
    public int Port { get; }

    /// <summary>The UAM base URL.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Each <c>/logon</c> received: the username, the response and whether it verified.</summary>
    public ConcurrentQueue<(string Username, string Response, bool Verified)> Logons { get; } = new();

    /// <summary>Starts a terminal for the portal.</summary>
    public static async Task<TestTerminal> StartAsync(PortalHarness portal, string mac)
    {
        var terminal = new TestTerminal(portal, mac, FreePort.Tcp());
        await terminal._app.StartAsync();
        return terminal;
    }

    private IResult Redirect(HttpContext context)
    {
        _challenge = PortalHarness.NewChallenge();
        var userUrl = context.Request.Query["userurl"].ToString();
        return Results.Redirect(_portal.LandingUrl("notyet", _challenge, Mac, userUrl.Length > 0 ? userUrl : "http://example.org/", "127.0.0.1", Port));
    }

    private async Task<IResult> LogonAsync(HttpContext context)
    {
        var username = context.Request.Query["username"].ToString();
        var response = context.Request.Query["response"].ToString();
        var userUrl = context.Request.Query["userurl"].ToString();
        var verified = await _portal.ResponseVerifiesAsync(username, response, _challenge);
        Logons.Enqueue((username, response, verified));
        var res = verified ? "success" : "failed";
        return Results.Redirect(_portal.LandingUrl(res, verified ? null : _challenge, Mac, userUrl.Length > 0 ? userUrl : null, "127.0.0.1", Port,
            reply: verified ? null : "Rejected by the test terminal"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
