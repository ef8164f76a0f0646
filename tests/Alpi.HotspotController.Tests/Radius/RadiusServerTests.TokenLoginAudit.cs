using System.Text.Json;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>A device moved to another account by a logon-token login at a terminal (radclient), not by the portal.</summary>
public sealed partial class RadiusServerTests
{
    // A registration on the portal audits device.register with the previous owner; the same move made by a logon-token
    // login (PAP or CHAP at the terminal) left no trace of who had the device before.
    [Test]
    public async Task TokenLogin_MovingADeviceFromAnotherAccount_IsAuditedOnce_WithThePreviousOwner()
    {
        const string mac = "02-00-00-00-0B-01";
        const string previous = "move-before@example.org";
        const string next = "move-after@example.org";
        var before = await CreateAccountAsync(previous, "correct horse");
        await CreateAccountAsync(next, "correct horse");
        await _harness.Get<DeviceStore>().RegisterAsync(MacAddress.Parse(mac), before.Id, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(90), 5, CancellationToken.None);

        for (var login = 0; login < 2; login++)
        {
            var token = await IssueTokenAsync(next);
            var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"{next}\", User-Password = \"{token}\", Calling-Station-Id = \"{mac}\", {Signed}");
            exit.Should().Be(0, output);
        }

        (await _harness.Get<DeviceStore>().FindAsync(MacAddress.Parse(mac), CancellationToken.None))!.Login.Should().Be(next);
        var moves = (await _harness.Get<AuditLog>().ListAsync(1000, AuditActions.DeviceRegister, CancellationToken.None))
            .Where(e => e.Details!.Contains(mac, StringComparison.Ordinal)).ToList();
        var move = moves.Should().ContainSingle("the second login changes no owner").Subject;
        move.Actor.Should().Be("radius");
        using var details = JsonDocument.Parse(move.Details!);
        details.RootElement.GetProperty("mac").GetString().Should().Be(mac);
        details.RootElement.GetProperty("login").GetString().Should().Be(next);
        details.RootElement.GetProperty("previous_login").GetString().Should().Be(previous);
    }

    [Test]
    public async Task TokenLogin_RegisteringADeviceOfNobody_WritesNoMove()
    {
        const string mac = "02-00-00-00-0B-02";
        const string login = "move-fresh@example.org";
        await CreateAccountAsync(login, "correct horse");
        var token = await IssueTokenAsync(login);

        (await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"{login}\", User-Password = \"{token}\", Calling-Station-Id = \"{mac}\", {Signed}")).ExitCode.Should().Be(0);

        (await _harness.Get<AuditLog>().ListAsync(1000, AuditActions.DeviceRegister, CancellationToken.None))
            .Should().NotContain(e => e.Details!.Contains(mac, StringComparison.Ordinal));
    }
}
