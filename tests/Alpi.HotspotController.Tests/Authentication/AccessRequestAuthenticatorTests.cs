using System.Text;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Storage;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Authentication;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public partial class AccessRequestAuthenticatorTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Phone = MacAddress.Parse("02-00-00-00-00-01");
    private FakeTimeProvider _time = null!;
    private HotspotTestDatabase _db = null!;
    private AccountStore _accounts = null!;
    private DeviceStore _devices = null!;
    private LogonTokenStore _tokens = null!;
    private AuthenticationDataVersion _version = null!;
    private AccessRequestAuthenticator _authenticator = null!;
    private Account _alice = null!;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(T0);
        _db = await HotspotTestDatabase.CreateAsync(provider);
        var database = _db.Database;
        _accounts = new AccountStore(database);
        _devices = new DeviceStore(database);
        _tokens = new LogonTokenStore(database);
        var options = Options.Create(new HotspotOptions { Devices = new DeviceOptions { ValidityDays = 90, MaxDevicesPerAccount = 5 } });
        _version = new AuthenticationDataVersion(database);
        var view = new AuthenticationView(_accounts, _devices, _tokens, _version);
        _authenticator = new AccessRequestAuthenticator(view, _devices, _tokens, new VerifiedPasswordCache(_time), new Audit.AuditLog(database, _time), options, _time, NullLogger<AccessRequestAuthenticator>.Instance);
        _alice = (await _accounts.CreateAsync("alice@example.org", null, AccountPasswords.Hash("correct horse"), T0, T0, CancellationToken.None))!;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _version.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task AnExpiredLogonToken_IsRejected()
    {
        var token = await _tokens.IssueAsync(_alice.Login, null, T0, TimeSpan.FromMinutes(2), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));

        var decision = await AuthenticateAsync(Chap("alice@example.org", token));

        decision.Accepted.Should().BeFalse();
        decision.RejectReason.Should().Be(AccessRejectReason.WrongCredentials);
    }

    [Test]
    public async Task ATokenLogin_RegistersTheDevice_WithTheConfiguredValidity_AndTouchesTheAccount()
    {
        // The account was active at T0; activity is recorded at most every RenewalInterval.
        var issued = T0 + AccessRequestAuthenticator.RenewalInterval;
        _time.Advance(AccessRequestAuthenticator.RenewalInterval);
        var token = await _tokens.IssueAsync(_alice.Login, null, issued, TimeSpan.FromMinutes(2), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));

        var decision = await AuthenticateAsync(Chap("ALICE@example.org", token) with { CallingStationMac = Phone });

        decision.Should().BeEquivalentTo(AccessDecision.Accept(AuthenticationMethod.Chap, _alice.Id, "alice@example.org", Phone, usedLogonToken: true));
        var device = await _devices.FindAsync(Phone, CancellationToken.None);
        device!.ExpiresUnixMs.Should().Be(issued.AddSeconds(30).AddDays(90).ToUnixTimeMilliseconds());
        (await _accounts.FindByIdAsync(_alice.Id, CancellationToken.None))!.LastActiveUnixMs.Should().Be(issued.AddSeconds(30).ToUnixTimeMilliseconds());

        // A second login a minute later does not write the activity again.
        _time.Advance(TimeSpan.FromMinutes(1));
        (await AuthenticateAsync(Pap("alice@example.org", "correct horse"))).Accepted.Should().BeTrue();
        (await _accounts.FindByIdAsync(_alice.Id, CancellationToken.None))!.LastActiveUnixMs.Should().Be(issued.AddSeconds(30).ToUnixTimeMilliseconds());
    }

    [TestCase("02-00-00-00-00-99", TestName = "ATokenIssuedForOneDevice_FromAnotherCallingStationId_IsRejected_RegistersNothing_AndIsKept")]
    [TestCase(null, TestName = "ATokenIssuedForOneDevice_WithoutCallingStationId_IsRejected_AndIsKept")]
    public async Task ATokenIssuedForOneDevice_FromAnotherOne_IsRejected(string? otherMac)
    {
        // The portal issued it for Phone; it used to log on, and register, whichever device presented it.
        var token = await _tokens.IssueAsync(_alice.Login, Phone.Value, T0, TimeSpan.FromMinutes(2), CancellationToken.None);
        MacAddress? other = otherMac is null ? null : MacAddress.Parse(otherMac);

        var decision = await AuthenticateAsync(Chap("alice@example.org", token) with { CallingStationMac = other });

        decision.Accepted.Should().BeFalse();
        decision.RejectReason.Should().Be(AccessRejectReason.TokenForAnotherDevice);
        if (other is { } mac)
        {
            (await _devices.FindAsync(mac, CancellationToken.None)).Should().BeNull();
        }

        (await AuthenticateAsync(Chap("alice@example.org", token) with { CallingStationMac = Phone })).Accepted.Should().BeTrue("the device it was issued for can still use it");
    }

    [Test]
    public async Task APasswordLogin_DoesNotRegisterTheDevice()
    {
        var decision = await AuthenticateAsync(Pap("alice@example.org", "correct horse") with { CallingStationMac = Phone });

        decision.Accepted.Should().BeTrue();
        decision.UsedLogonToken.Should().BeFalse();
        (await _devices.FindAsync(Phone, CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public async Task AnAccountLogin_FromABlockedDevice_IsRejected()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await _devices.SetBlockedAsync(Phone, true, CancellationToken.None);

        var decision = await AuthenticateAsync(Pap("alice@example.org", "correct horse") with { CallingStationMac = Phone });

        decision.RejectReason.Should().Be(AccessRejectReason.DeviceBlocked);
    }

    [Test]
    public async Task MacAuthentication_OfADeviceOfABlockedAccount_IsRejected()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        await _accounts.SetBlockedAsync(_alice.Login, true, CancellationToken.None);

        var decision = await AuthenticateAsync(Pap(Phone.Value, Phone.Value));

        decision.RejectReason.Should().Be(AccessRejectReason.AccountBlocked);
        decision.Method.Should().Be(AuthenticationMethod.Mac);
    }

    [Test]
    public async Task MacAuthentication_WithAWrongPassword_IsRejectedBeforeTheLookup()
    {
        var decision = await AuthenticateAsync(Pap(Phone.Value, "something else"));

        decision.RejectReason.Should().Be(AccessRejectReason.WrongMacPassword);
    }

    // A terminal sent User-Name = User-Password = a registered MAC with another Calling-Station-Id: accepted as the
    // owner's device, and the connection recorded under the owner's account.
    [Test]
    public async Task MacAuthentication_OfARegisteredMacFromAnotherCallingStation_IsRejectedBeforeThePassword()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        var other = MacAddress.Parse("02-00-00-00-00-99");

        var decision = await AuthenticateAsync(Pap(Phone.Value, Phone.Value) with { CallingStationMac = other });
        var wrongPassword = await AuthenticateAsync(Pap(Phone.Value, "something else") with { CallingStationMac = other });

        decision.Should().BeEquivalentTo(AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.MacForAnotherDevice, Phone));
        wrongPassword.RejectReason.Should().Be(AccessRejectReason.MacForAnotherDevice);
        (await _devices.FindAsync(Phone, CancellationToken.None))!.LastSeenUnixMs.Should().Be(T0.ToUnixTimeMilliseconds(), "nothing renewed");
    }

    [Test]
    public async Task MacAuthentication_FromItsOwnCallingStation_InAnotherSpelling_OrWithoutOne_IsAccepted()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);

        (await AuthenticateAsync(Pap("020000000001", "") with { CallingStationMac = MacAddress.Parse("02:00:00:00:00:01") })).Accepted.Should().BeTrue();
        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue("without Calling-Station-Id the User-Name is trusted, as before");
    }

    [Test]
    public async Task MacAuthentication_RenewsTheRegistration()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(60));

        var decision = await AuthenticateAsync(Pap("020000000001", ""));

        decision.Should().BeEquivalentTo(AccessDecision.Accept(AuthenticationMethod.Mac, _alice.Id, "alice@example.org", Phone));
        (await _devices.FindAsync(Phone, CancellationToken.None))!.ExpiresUnixMs.Should().Be(T0.AddDays(150).ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task MacAuthentication_RenewsAtMostOncePerRenewalInterval()
    {
        await _devices.RegisterAsync(Phone, _alice.Id, T0, TimeSpan.FromDays(90), 5, CancellationToken.None);
        _time.Advance(AccessRequestAuthenticator.RenewalInterval - TimeSpan.FromSeconds(1));

        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();
        (await _devices.FindAsync(Phone, CancellationToken.None))!.LastSeenUnixMs.Should().Be(T0.ToUnixTimeMilliseconds(), "no write within the interval");

        _time.Advance(TimeSpan.FromSeconds(1));
        (await AuthenticateAsync(Pap(Phone.Value, Phone.Value))).Accepted.Should().BeTrue();
        (await _devices.FindAsync(Phone, CancellationToken.None))!.LastSeenUnixMs.Should().Be(_time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [TestCase("eap", AccessRejectReason.UnsupportedMethod)]
    [TestCase("no-user", AccessRejectReason.MissingCredentials)]
    [TestCase("no-password", AccessRejectReason.MissingCredentials)]
    [TestCase("malformed", AccessRejectReason.MalformedPassword)]
    public async Task UnusableRequests_AreRejectedWithTheirReason(string shape, AccessRejectReason expected)
    {
        var credentials = shape switch
        {
            "eap" => new AccessRequestCredentials { UserName = "alice@example.org", HasEapMessage = true },
            "no-user" => new AccessRequestCredentials { Password = Encoding.UTF8.GetBytes("correct horse") },
            "no-password" => new AccessRequestCredentials { UserName = "alice@example.org" },
            _ => new AccessRequestCredentials { UserName = "alice@example.org", MalformedPassword = true },
        };

        (await AuthenticateAsync(credentials)).RejectReason.Should().Be(expected);
    }

    private Task<AccessDecision> AuthenticateAsync(AccessRequestCredentials credentials) =>
        _authenticator.AuthenticateAsync(credentials, "", CancellationToken.None);

    private static AccessRequestCredentials Pap(string userName, string password) =>
        new() { UserName = userName, Password = Encoding.UTF8.GetBytes(password) };

    private static AccessRequestCredentials Chap(string userName, string secret)
    {
        var challenge = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var chap = new byte[17];
        chap[0] = 1;
        RadiusCrypto.ComputeChapResponse(1, Encoding.UTF8.GetBytes(secret), challenge, chap.AsSpan(1));
        return new AccessRequestCredentials { UserName = userName, ChapPassword = chap, ChapChallenge = challenge };
    }
}
