using Alpi.HotspotController.Authentication;

namespace Alpi.HotspotController.Tests.Authentication;

/// <summary>
/// The authenticator once <see cref="AuthenticationView"/> holds the account, tokens and device in memory: changes made
/// outside the controller (raw SQL, as the CLI or another controller would) decide the very next request.
/// </summary>
public partial class AccessRequestAuthenticatorTests
{
    [TestCase("UPDATE accounts SET blocked = TRUE", AccessRejectReason.AccountBlocked)]
    [TestCase("UPDATE accounts SET password_hash = 'replaced'", AccessRejectReason.WrongCredentials)]
    [TestCase("DELETE FROM accounts", AccessRejectReason.WrongCredentials)]
    [TestCase("UPDATE devices SET blocked = TRUE", AccessRejectReason.DeviceBlocked)]
    public async Task AWarmView_SeesAChangeWrittenOutsideTheController_AtTheNextRequest(string sql, AccessRejectReason expected)
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        var request = Pap("alice@example.org", "correct horse") with { CallingStationMac = Phone };
        (await AuthenticateAsync(request)).Accepted.Should().BeTrue();

        await _db.ExecuteAsync(sql);

        (await AuthenticateAsync(request)).RejectReason.Should().Be(expected);
    }

    [Test]
    public async Task AWarmView_SeesABlockedDeviceInMacAuthentication()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();

        await _db.ExecuteAsync("UPDATE devices SET blocked = TRUE");

        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).RejectReason.Should().Be(AccessRejectReason.DeviceBlocked);
    }

    [Test]
    public async Task ATokenIssuedAfterTheViewIsWarm_IsAccepted_Once()
    {
        (await AuthenticateAsync(Pap("alice@example.org", "correct horse"))).Accepted.Should().BeTrue();
        var token = await _tokens.IssueAsync(_alice.Login, null, T0, TimeSpan.FromMinutes(2), CancellationToken.None);

        (await AuthenticateAsync(Chap("alice@example.org", token))).UsedLogonToken.Should().BeTrue();
        (await AuthenticateAsync(Chap("alice@example.org", token))).RejectReason.Should().Be(AccessRejectReason.WrongCredentials);
    }

    [Test]
    public async Task AValidityShortenedByHand_RejectsTheNextMacAuthentication()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();

        await _db.ExecuteAsync($"UPDATE devices SET expires_unix_ms = {T0.AddSeconds(-1).ToUnixTimeMilliseconds()}");

        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).RejectReason.Should().Be(AccessRejectReason.DeviceExpired);
    }

    [Test]
    public async Task ADeviceThatLooksExpired_IsReadAgain_InCaseAnotherControllerRenewedIt()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(1), 5, CancellationToken.None);
        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();
        var version = await _version.ReadAsync(CancellationToken.None);

        // A renewal elsewhere writes only activity times, which do not move the version.
        await _db.ExecuteAsync($"UPDATE devices SET expires_unix_ms = {T0.AddDays(10).ToUnixTimeMilliseconds()}");
        (await _version.ReadAsync(CancellationToken.None)).Should().Be(version);
        _time.Advance(TimeSpan.FromDays(2));

        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();
    }

    [Test]
    public async Task AChangeThatDoesNotMoveTheVersion_IsNotSeen_UntilItMoves()
    {
        var request = Pap("alice@example.org", "correct horse");
        (await AuthenticateAsync(request)).Accepted.Should().BeTrue();

        // Only possible by hand: a block with the counter put back. The request is then decided from memory.
        await _db.ExecuteAsync("UPDATE accounts SET blocked = TRUE; UPDATE authentication_data_version SET version = version - 1");
        (await AuthenticateAsync(request)).Accepted.Should().BeTrue();

        await _db.ExecuteAsync("UPDATE authentication_data_version SET version = version + 2");
        (await AuthenticateAsync(request)).RejectReason.Should().Be(AccessRejectReason.AccountBlocked);
    }
}
