using System.Net;
using System.Net.Sockets;
using System.Text;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.Protocols.Radius;
using Alpi.Testing;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// The controller's RADIUS servers with FreeRADIUS's radclient as the NAS (and hand-made packets where radclient cannot
/// show the detail), all on 127.0.0.1. One controller for the fixture; each test uses its own logins, MACs and
/// session ids.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed partial class RadiusServerTests
{
    private const string Signed = "Message-Authenticator = 0x00";
    private static readonly byte[] SecretBytes = Encoding.ASCII.GetBytes(RadiusHarness.Secret);
    private RadiusHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _harness = await RadiusHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Hotspot:Policies:libraries:SessionTimeout"] = "02:00:00",
            ["Hotspot:Policies:libraries:IdleTimeout"] = "00:10:00",
            ["Hotspot:Policies:libraries:AcctInterimInterval"] = "00:00:30",
            ["Hotspot:Policies:libraries:BandwidthMaxDown"] = "2000000",
            ["Hotspot:Policies:libraries:BandwidthMaxUp"] = "500000",
            ["Hotspot:Policies:libraries:MaxTotalOctets"] = "1000000000",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task Pap_WithTheAccountPassword_IsAcceptedWithTheGroupPolicy()
    {
        await CreateAccountAsync("pap-ok@example.org", "correct horse");

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"pap-ok@example.org\", User-Password = \"correct horse\", {Signed}");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Access-Accept")
            .And.Contain("Session-Timeout = 7200")
            .And.Contain("Idle-Timeout = 600")
            .And.Contain("Acct-Interim-Interval = 60", "30 s is raised to RFC 2869's 60 s minimum")
            .And.Contain("WISPr-Bandwidth-Max-Down = 2000000")
            .And.Contain("WISPr-Bandwidth-Max-Up = 500000")
            .And.Contain("ChilliSpot-Max-Total-Octets = 1000000000")
            .And.Contain("Class = 0x616c7069");
    }

    [Test]
    public async Task Pap_WithAWrongPassword_IsRejectedWithAReplyMessage()
    {
        await CreateAccountAsync("pap-wrong@example.org", "correct horse");

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"pap-wrong@example.org\", User-Password = \"battery staple\", {Signed}");

        output.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"Wrong login or password\"");
        exit.Should().NotBe(0, "radclient expects an Access-Accept by default");
    }

    [Test]
    public async Task Pap_ForAnUnknownLogin_IsRejectedLikeAWrongPassword()
    {
        var (_, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"nobody@example.org\", User-Password = \"whatever1\", {Signed}");

        output.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"Wrong login or password\"");
    }

    [Test]
    public async Task Pap_ForABlockedAccount_IsRejected()
    {
        await CreateAccountAsync("blocked@example.org", "correct horse");
        await _harness.Get<AccountStore>().SetBlockedAsync("blocked@example.org", true, CancellationToken.None);

        var (_, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"blocked@example.org\", User-Password = \"correct horse\", {Signed}");

        output.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"Account blocked\"");
    }

    [Test]
    public async Task Pap_WithALogonToken_IsAcceptedOnceAndRegistersTheDevice()
    {
        await CreateAccountAsync("pap-token@example.org", "correct horse");
        var token = await IssueTokenAsync("pap-token@example.org");
        var attributes = $"User-Name = \"pap-token@example.org\", User-Password = \"{token}\", Calling-Station-Id = \"02-00-00-00-01-01\", {Signed}";

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", attributes);
        exit.Should().Be(0, output);
        (await _harness.Get<DeviceStore>().FindAsync(MacAddress.Parse("02:00:00:00:01:01"), CancellationToken.None))!.Login.Should().Be("pap-token@example.org");

        var (_, again) = await Radclient.RunAsync(_harness.AuthPort, "auth", attributes);
        again.Should().Contain("Received Access-Reject", "a logon token is single-use");
    }

    [TestCase(false, TestName = "Chap_WithALogonToken_AndTheRequestAuthenticatorAsChallenge_IsAccepted")]
    [TestCase(true, TestName = "Chap_WithALogonToken_AndACHAPChallenge_IsAccepted")]
    public async Task Chap_WithALogonToken_IsAcceptedAndTheDeviceRoams(bool withChallenge)
    {
        var login = withChallenge ? "chap-challenge@example.org" : "chap@example.org";
        var mac = withChallenge ? "02-00-00-00-02-02" : "02-00-00-00-02-01";
        await CreateAccountAsync(login, "correct horse");
        var token = await IssueTokenAsync(login);
        var challenge = withChallenge ? ", CHAP-Challenge = 0x00112233445566778899aabbccddeeff" : "";

        // radclient computes the CHAP response from the clear CHAP-Password, as CoovaChilli's /logon does from the portal's.
        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"{login}\", CHAP-Password = \"{token}\"{challenge}, Calling-Station-Id = \"{mac}\", Called-Station-Id = \"AA-BB-CC-00-00-01:Cigale\", {Signed}");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Access-Accept");
        (await _harness.Get<LogonTokenStore>().ListValidAsync(login, TimeProvider.System.GetUtcNow(), CancellationToken.None)).Should().BeEmpty("the token is consumed");

        // The device registered by the portal login is recognised by MAC authentication from then on (roaming).
        var (macExit, macOutput) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"{mac}\", User-Password = \"{mac}\", {Signed}");
        macExit.Should().Be(0, macOutput);
    }

    [Test]
    public async Task Chap_WithALogonTokenIssuedForAnotherDevice_IsRejectedWithAReplyMessage_AndAcceptedFromItsOwnInAnySpelling()
    {
        const string login = "chap-bound@example.org";
        await CreateAccountAsync(login, "correct horse");
        var token = await _harness.Get<LogonTokenStore>().IssueAsync(login, "02-00-00-00-0A-01", TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);

        var (_, stolen) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"{login}\", CHAP-Password = \"{token}\", Calling-Station-Id = \"02-00-00-00-0A-99\", {Signed}");

        stolen.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"Logon token issued for another device\"");
        (await _harness.Get<DeviceStore>().FindAsync(MacAddress.Parse("02-00-00-00-0A-99"), CancellationToken.None)).Should().BeNull("the other device is not registered");

        // The device it was issued for, its MAC spelled as another NAS would (lower case, colons).
        var (exit, own) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"{login}\", CHAP-Password = \"{token}\", Calling-Station-Id = \"02:00:00:00:0a:01\", {Signed}");

        exit.Should().Be(0, own);
        own.Should().Contain("Received Access-Accept");
    }

    [Test]
    public async Task Chap_WithTheAccountPasswordInsteadOfAToken_IsRejected()
    {
        await CreateAccountAsync("chap-password@example.org", "correct horse");

        var (_, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"chap-password@example.org\", CHAP-Password = \"correct horse\", {Signed}");

        output.Should().Contain("Received Access-Reject", "passwords are stored hashed; CHAP needs the clear secret, which only tokens are");
    }

    // The spellings NAS gateways use for the MAC in User-Name; the password is the User-Name as sent (CoovaChilli's macauth default).
    [TestCase("020000000301", TestName = "MacAuth_RegisteredDevice_BareHex_IsAccepted")]
    [TestCase("02-00-00-00-03-01", TestName = "MacAuth_RegisteredDevice_Hyphens_IsAccepted")]
    [TestCase("02:00:00:00:03:01", TestName = "MacAuth_RegisteredDevice_Colons_IsAccepted")]
    [TestCase("0200.0000.0301", TestName = "MacAuth_RegisteredDevice_CiscoDots_IsAccepted")]
    [TestCase("02-00-00-00-03-0a", TestName = "MacAuth_RegisteredDevice_LowerCaseHyphens_IsAccepted")]
    public async Task MacAuth_RegisteredDevice_IsAcceptedInEverySpellingAndRenewed(string userName)
    {
        var mac = MacAddress.Parse(userName);
        var registeredAt = TimeProvider.System.GetUtcNow().AddDays(-10);
        var account = await _harness.Get<AccountStore>().FindByLoginAsync("mac-owner@example.org", CancellationToken.None)
            ?? await CreateAccountAsync("mac-owner@example.org", "correct horse");
        await _harness.Get<DeviceStore>().RegisterAsync(mac, account.Id, registeredAt, TimeSpan.FromDays(90), 5, CancellationToken.None);

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"{userName}\", User-Password = \"{userName}\", Calling-Station-Id = \"{mac.Value}\", {Signed}");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Access-Accept").And.Contain("Class = 0x");
        var device = await _harness.Get<DeviceStore>().FindAsync(mac, CancellationToken.None);
        device!.LastSeenUnixMs.Should().BeGreaterThan(registeredAt.ToUnixTimeMilliseconds(), "an accepted use renews the registration");
    }

    [Test]
    public async Task MacAuth_UnknownDevice_IsRejectedSoTheTerminalShowsThePortal()
    {
        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"02-00-00-00-04-01\", User-Password = \"02-00-00-00-04-01\", {Signed}");

        output.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"Device not registered\"");
        exit.Should().NotBe(0);
    }

    // The tester's request: User-Name = User-Password = Marie's registered MAC, Calling-Station-Id an unknown one. It was
    // accepted with Marie's Class, so the legal connection log recorded her account for another device.
    [Test]
    public async Task MacAuth_OfARegisteredMacFromAnotherCallingStation_IsRejected_CountedAndLoggedOnceAMinute()
    {
        _ = Logs;
        var marie = await CreateAccountAsync("mac-marie@example.org", "correct horse");
        var registered = MacAddress.Parse("02-00-00-00-0E-01");
        await _harness.Get<DeviceStore>().RegisterAsync(registered, marie.Id, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(90), 5, CancellationToken.None);
        var before = _harness.Statistics.Find(RadiusHarness.NasName)?.MacAuthMismatches ?? 0;

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"02-00-00-00-0E-01\", User-Password = \"02-00-00-00-0E-01\", Calling-Station-Id = \"02-00-00-00-0E-99\", {Signed}");
        var (_, again) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"02-00-00-00-0E-01\", User-Password = \"02-00-00-00-0E-01\", Calling-Station-Id = \"02:00:00:00:0e:98\", {Signed}");

        exit.Should().NotBe(0);
        output.Should().Contain("Received Access-Reject").And.Contain("Reply-Message = \"MAC authentication for another device\"").And.NotContain("Class");
        again.Should().Contain("Received Access-Reject");
        _harness.Statistics.Find(RadiusHarness.NasName)!.MacAuthMismatches.Should().Be(before + 2, "each request is counted");
        var warnings = Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("02-00-00-00-0E-01", StringComparison.Ordinal)).ToList();
        warnings.Should().ContainSingle("one line a minute per terminal")
            .Which.Message.Should().Contain(RadiusHarness.NasName).And.Contain("02-00-00-00-0E-99");

        var (ownExit, own) = await Radclient.RunAsync(_harness.AuthPort, "auth",
            $"User-Name = \"02-00-00-00-0E-01\", User-Password = \"02-00-00-00-0E-01\", Calling-Station-Id = \"02-00-00-00-0E-01\", {Signed}");
        ownExit.Should().Be(0, own);
        own.Should().Contain("Received Access-Accept").And.Contain("Class = 0x");
    }

    [Test]
    public async Task MacAuth_BlockedOrExpiredDevice_IsRejected()
    {
        var account = await CreateAccountAsync("mac-blocked@example.org", "correct horse");
        var devices = _harness.Get<DeviceStore>();
        await devices.RegisterAsync(MacAddress.Parse("02-00-00-00-05-01"), account.Id, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(90), 5, CancellationToken.None);
        await devices.SetBlockedAsync(MacAddress.Parse("02-00-00-00-05-01"), true, CancellationToken.None);
        await devices.RegisterAsync(MacAddress.Parse("02-00-00-00-05-02"), account.Id, TimeProvider.System.GetUtcNow().AddDays(-100), TimeSpan.FromDays(90), 5, CancellationToken.None);

        var (_, blocked) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"02-00-00-00-05-01\", User-Password = \"02-00-00-00-05-01\", {Signed}");
        var (_, expired) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"02-00-00-00-05-02\", User-Password = \"02-00-00-00-05-02\", {Signed}");

        blocked.Should().Contain("Received Access-Reject").And.Contain("Device blocked");
        expired.Should().Contain("Received Access-Reject").And.Contain("Device registration expired");
    }

    [Test]
    public async Task StatusServer_IsAnsweredOnBothPorts()
    {
        var before = _harness.Statistics.Find(RadiusHarness.NasName)?.StatusServer ?? 0;

        var (authExit, authOutput) = await Radclient.RunAsync(_harness.AuthPort, "status", Signed);
        var (acctExit, acctOutput) = await Radclient.RunAsync(_harness.AcctPort, "status", Signed);

        authExit.Should().Be(0, authOutput);
        authOutput.Should().Contain("Received Access-Accept");
        acctExit.Should().Be(0, acctOutput);
        acctOutput.Should().Contain("Received Accounting-Response");
        _harness.Statistics.Find(RadiusHarness.NasName)!.StatusServer.Should().Be(before + 2);
    }

    [Test]
    public async Task AccessRequest_WithoutMessageAuthenticator_IsDroppedByDefault()
    {
        await CreateAccountAsync("unsigned@example.org", "correct horse");
        var before = _harness.Statistics.GetDropped(RadiusDropReason.MissingMessageAuthenticator);

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", "User-Name = \"unsigned@example.org\", User-Password = \"correct horse\"", retries: 1, timeoutSeconds: 1);

        exit.Should().NotBe(0);
        output.Should().Contain("No reply from server").And.NotContain("Received Access-");
        _harness.Statistics.GetDropped(RadiusDropReason.MissingMessageAuthenticator).Should().BeGreaterThan(before);
    }

    [Test]
    public async Task AccessRequest_WithABadMessageAuthenticator_IsDropped()
    {
        var before = _harness.Statistics.GetDropped(RadiusDropReason.BadMessageAuthenticator);

        var (exit, output) = await Radclient.RunAsync(_harness.AuthPort, "auth", $"User-Name = \"x@example.org\", User-Password = \"whatever1\", {Signed}", secret: "not-the-secret", timeoutSeconds: 1);

        exit.Should().NotBe(0);
        output.Should().Contain("No reply from server");
        _harness.Statistics.GetDropped(RadiusDropReason.BadMessageAuthenticator).Should().BeGreaterThan(before);
    }

    [Test]
    public async Task AccessRequest_FromAnUnknownAddress_IsDroppedAndCounted()
    {
        var before = _harness.Statistics.UnknownClientDrops;
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));
        var request = BuildAccessRequest(7, RandomAuthenticator(), "x@example.org", "whatever1", []);

        await nas.SendAsync(request, new IPEndPoint(IPAddress.Loopback, _harness.AuthPort));

        (await ReceiveAsync(nas, TimeSpan.FromSeconds(1))).Should().BeNull();
        _harness.Statistics.UnknownClientDrops.Should().Be(before + 1);
    }

    [Test]
    public async Task ANasSecretChangedByNasAdd_DecidesTheNextRequest_AndTheOldOneIsDropped()
    {
        var store = _harness.Get<Alpi.HotspotController.Nas.NasClientStore>();
        var target = new IPEndPoint(IPAddress.Loopback, _harness.AuthPort);
        async Task<byte[]?> AskAsync(byte identifier, byte[] secret)
        {
            // Past the once-a-second spacing of the registry's immediate re-reads (unknown source, changed secret); a
            // socket per request, so that a receive left waiting by a time-out cannot take the next reply.
            await Task.Delay(TimeSpan.FromMilliseconds(1100));
            using var nas = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.6"), 0));
            var authenticator = RandomAuthenticator();
            await nas.SendAsync(BuildAccessRequest(identifier, authenticator, "02-00-00-00-07-01", "02-00-00-00-07-01", [], secret), target);
            var reply = await ReceiveAsync(nas, TimeSpan.FromSeconds(3));
            if (reply is not null)
            {
                RadiusCrypto.VerifyResponseAuthenticator(reply, authenticator, secret).Should().BeTrue("the reply is signed with the secret the request was");
            }

            return reply;
        }

        await store.UpsertAsync(new Alpi.HotspotController.Nas.NasClient { Name = "borne-rotated", Address = "127.0.0.6", Secret = "first-secret" }, CancellationToken.None);
        (await AskAsync(1, "first-secret"u8.ToArray())).Should().NotBeNull("a new NAS is read at its first request");

        await store.UpsertAsync(new Alpi.HotspotController.Nas.NasClient { Name = "borne-rotated", Address = "127.0.0.6", Secret = "second-secret" }, CancellationToken.None);
        (await AskAsync(2, "second-secret"u8.ToArray())).Should().NotBeNull("the new secret decides the very next request, well before the 5 s refresh");
        (await AskAsync(3, "first-secret"u8.ToArray())).Should().BeNull("the old secret no longer verifies");
        (await AskAsync(4, "second-secret"u8.ToArray())).Should().NotBeNull();
    }

    [Test]
    public async Task MalformedDatagrams_AreDroppedAndCounted_AndTheServerAnswersTheNextRequest()
    {
        var stats = _harness.Statistics;
        long Malformed() => stats.Find(RadiusHarness.NasName)?.GetDropped(RadiusDropReason.Malformed) ?? 0;
        var before = Malformed();
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, _harness.AuthPort);
        var good = BuildAccessRequest(9, RandomAuthenticator(), "02-00-00-00-06-01", "02-00-00-00-06-01", []);
        var lengthBeyondDatagram = good.ToArray();
        lengthBeyondDatagram[3] += 40;
        var attributeOverrun = good.ToArray();
        attributeOverrun[21] = 250;

        await nas.SendAsync(new byte[] { 1, 2, 3 }, target);
        await nas.SendAsync(lengthBeyondDatagram, target);
        await nas.SendAsync(attributeOverrun, target);
        await nas.SendAsync(good, target);

        var reply = await ReceiveAsync(nas, TimeSpan.FromSeconds(5));
        reply.Should().NotBeNull();
        RadiusPacketReader.TryDecode(reply!, out var packet, out _).Should().BeTrue();
        packet!.Code.Should().Be(RadiusCode.AccessReject, "an unknown device, but answered");
        // Each datagram is processed by whichever receiving thread took it, side by side: the reply to the good one can
        // arrive before a thread holding a malformed one has counted it (it failed so once under a full run's load).
        (await Eventually.TrueAsync(() => Malformed() >= before + 3, TimeSpan.FromSeconds(10))).Should().BeTrue($"3 drops are counted, not {Malformed() - before}");
        Malformed().Should().Be(before + 3, "each malformed datagram is counted once");
    }

    [Test]
    public async Task Reply_StartsWithMessageAuthenticator_CopiesProxyStateInOrder_AndVerifies()
    {
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var authenticator = RandomAuthenticator();
        var request = BuildAccessRequest(11, authenticator, "02-00-00-00-07-01", "", [[0xAA, 0x01], [0xBB, 0x02, 0x03], [0xCC]]);

        await nas.SendAsync(request, new IPEndPoint(IPAddress.Loopback, _harness.AuthPort));
        var reply = await ReceiveAsync(nas, TimeSpan.FromSeconds(5));

        reply.Should().NotBeNull();
        RadiusPacketReader.TryDecode(reply!, out var packet, out _).Should().BeTrue();
        packet!.Identifier.Should().Be(11);
        packet.Attributes[0].Type.Should().Be(RadiusAttributeType.MessageAuthenticator);
        packet.Attributes.Where(a => a.Type == RadiusAttributeType.ProxyState).Select(a => Convert.ToHexString(a.Value.Span))
            .Should().Equal("AA01", "BB0203", "CC");
        RadiusCrypto.VerifyResponseAuthenticator(reply, authenticator, SecretBytes).Should().BeTrue();
        RadiusCrypto.VerifyMessageAuthenticator(reply, SecretBytes, authenticator).Should().Be(RadiusMessageAuthenticatorResult.Valid);
    }

    [Test]
    public async Task Retransmission_GetsTheIdenticalReplyWithoutASecondProcessing_AndANewAuthenticatorIsANewRequest()
    {
        await CreateAccountAsync("dup@example.org", "correct horse");
        var token = await IssueTokenAsync("dup@example.org");
        using var nas = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, _harness.AuthPort);
        var authenticator = RandomAuthenticator();
        var request = BuildAccessRequest(42, authenticator, "dup@example.org", token, []);
        var resentBefore = _harness.Statistics.Find(RadiusHarness.NasName)?.DuplicatesResent ?? 0;

        await nas.SendAsync(request, target);
        var first = await ReceiveAsync(nas, TimeSpan.FromSeconds(5));
        await nas.SendAsync(request, target);
        var second = await ReceiveAsync(nas, TimeSpan.FromSeconds(5));

        first![0].Should().Be((byte)RadiusCode.AccessAccept);
        second.Should().Equal(first, "the cached reply is resent; processing again would reject the consumed token");
        _harness.Statistics.Find(RadiusHarness.NasName)!.DuplicatesResent.Should().Be(resentBefore + 1);

        // The same identifier with a new Request Authenticator is a new request (RFC 5080 §2.2.2): processed, and now rejected.
        await nas.SendAsync(BuildAccessRequest(42, RandomAuthenticator(), "dup@example.org", token, []), target);
        var third = await ReceiveAsync(nas, TimeSpan.FromSeconds(5));
        third![0].Should().Be((byte)RadiusCode.AccessReject);
    }

    [Test]
    public async Task Accounting_StartInterimStop_AreStoredWithGigawordsAndTheAccount()
    {
        await CreateAccountAsync("acct@example.org", "correct horse");
        const string common = "Acct-Session-Id = \"acct-1\", User-Name = \"acct@example.org\", Calling-Station-Id = \"02:00:00:00:08:01\", Called-Station-Id = \"AA-BB-CC-00-00-01:Cigale\", NAS-IP-Address = 192.0.2.1, NAS-Identifier = \"mairie-place\"";
        var sessions = _harness.Get<SessionStore>();
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        (await Radclient.RunAsync(_harness.AcctPort, "acct", $"Acct-Status-Type = Start, {common}")).ExitCode.Should().Be(0);
        var started = await sessions.FindAsync(RadiusHarness.NasName, "acct-1", CancellationToken.None);
        started!.StoppedUnixMs.Should().BeNull();
        started.StartedUnixMs.Should().BeGreaterThanOrEqualTo(before - 1000);
        started.AccountLogin.Should().Be("acct@example.org");
        started.Mac.Should().Be("02-00-00-00-08-01");
        started.NasIp.Should().Be("192.0.2.1");
        started.Nas.Should().Be(RadiusHarness.NasName, "sessions are keyed by the NAS client's name");
        started.NasIdentifier.Should().Be("mairie-place", "the NAS-Identifier is kept beside it, for the portal's nasid");

        var (interimExit, interimOutput) = await Radclient.RunAsync(_harness.AcctPort, "acct",
            $"Acct-Status-Type = Interim-Update, {common}, Framed-IP-Address = 10.1.0.5, Acct-Session-Time = 120, Acct-Input-Octets = 1000, Acct-Input-Gigawords = 1, Acct-Output-Octets = 5000");
        interimExit.Should().Be(0, interimOutput);
        interimOutput.Should().Contain("Received Accounting-Response");
        var interim = await sessions.FindAsync(RadiusHarness.NasName, "acct-1", CancellationToken.None);
        interim!.InputOctets.Should().Be((1L << 32) + 1000);
        interim.OutputOctets.Should().Be(5000);
        interim.FramedIp.Should().Be("10.1.0.5");
        interim.StartedUnixMs.Should().Be(started.StartedUnixMs, "the Start dated the session");

        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            $"Acct-Status-Type = Stop, {common}, Acct-Session-Time = 300, Acct-Input-Octets = 2000, Acct-Input-Gigawords = 1, Acct-Output-Octets = 9000, Acct-Terminate-Cause = User-Request")).ExitCode.Should().Be(0);
        var stopped = await sessions.FindAsync(RadiusHarness.NasName, "acct-1", CancellationToken.None);
        stopped!.StoppedUnixMs.Should().NotBeNull();
        stopped.InputOctets.Should().Be((1L << 32) + 2000);
        stopped.OutputOctets.Should().Be(9000);
        stopped.TerminateCause.Should().Be("User-Request");
        stopped.FramedIp.Should().Be("10.1.0.5");
        (await sessions.ListOpenAsync(RadiusHarness.NasName, CancellationToken.None)).Select(x => x.AcctSessionId).Should().NotContain("acct-1");

        var counters = _harness.Statistics.Find(RadiusHarness.NasName)!;
        counters.AccountingStarts.Should().BeGreaterThanOrEqualTo(1);
        counters.AccountingInterimUpdates.Should().BeGreaterThanOrEqualTo(1);
        counters.AccountingStops.Should().BeGreaterThanOrEqualTo(1);
    }

    [Test]
    public async Task Accounting_InterimWithoutStart_CreatesTheSessionDatedBySessionTime()
    {
        var now = TimeProvider.System.GetUtcNow();

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Interim-Update, Acct-Session-Id = \"acct-2\", User-Name = \"02-00-00-00-08-02\", Acct-Session-Time = 600, Acct-Output-Octets = 42");

        exit.Should().Be(0, output);
        var session = await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-2", CancellationToken.None);
        session!.StartedUnixMs.Should().BeCloseTo(now.AddSeconds(-600).ToUnixTimeMilliseconds(), 5000);
        session.StoppedUnixMs.Should().BeNull();
        session.OutputOctets.Should().Be(42);
        session.Mac.Should().BeNull("there is no Calling-Station-Id");
        session.AccountLogin.Should().BeNull("the MAC is not registered");
    }

    [Test]
    public async Task Accounting_StopOfAMacAuthenticatedDevice_ResolvesTheOwner()
    {
        var owner = await CreateAccountAsync("acct-owner@example.org", "correct horse");
        await _harness.Get<DeviceStore>().RegisterAsync(MacAddress.Parse("02-00-00-00-08-03"), owner.Id, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(90), 5, CancellationToken.None);

        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Stop, Acct-Session-Id = \"acct-3\", User-Name = \"0200.0000.0803\", Acct-Session-Time = 60, Acct-Terminate-Cause = Idle-Timeout")).ExitCode.Should().Be(0);

        var session = await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-3", CancellationToken.None);
        session!.AccountLogin.Should().Be("acct-owner@example.org");
        session.StoppedUnixMs.Should().NotBeNull();
        session.TerminateCause.Should().Be("Idle-Timeout");
    }

    [Test]
    public async Task Accounting_On_ClosesTheOpenSessionsOfTheNas()
    {
        var sessions = _harness.Get<SessionStore>();
        (await Radclient.RunAsync(_harness.AcctPort, "acct", "Acct-Status-Type = Start, Acct-Session-Id = \"acct-4\", User-Name = \"02-00-00-00-08-04\"")).ExitCode.Should().Be(0);
        (await sessions.FindAsync(RadiusHarness.NasName, "acct-4", CancellationToken.None))!.StoppedUnixMs.Should().BeNull();
        await Task.Delay(20);

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct", "Acct-Status-Type = Accounting-On, NAS-Identifier = \"borne-place\"");

        exit.Should().Be(0, output);
        var closed = await sessions.FindAsync(RadiusHarness.NasName, "acct-4", CancellationToken.None);
        closed!.StoppedUnixMs.Should().NotBeNull();
        closed.TerminateCause.Should().Be("NAS-Reboot");
        (await sessions.ListOpenAsync(RadiusHarness.NasName, CancellationToken.None)).Should().BeEmpty();
        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingOnOff.Should().BeGreaterThanOrEqualTo(1);
    }

    // RFC 2866 §5.2: Acct-Delay-Time 2³²−1 (136 years) dated this Start in 1890, so a legal-log export for any later
    // moment named its user. Not trusted: the Start is dated at its reception, answered, and the value counted.
    [Test]
    public async Task Accounting_StartWithAnImplausibleAcctDelayTime_IsAnsweredDatedAtItsReceptionAndCounted()
    {
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var implausible = _harness.Statistics.Find(RadiusHarness.NasName)?.AccountingImplausibleTimes ?? 0;

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Start, Acct-Session-Id = \"acct-delay-1\", User-Name = \"bob@example.org\", Calling-Station-Id = \"AA-BB-CC-DD-EE-02\", Framed-IP-Address = 10.1.0.6, Acct-Delay-Time = 4294967295");

        exit.Should().Be(0, output);
        output.Should().Contain("Received Accounting-Response", "the NAS must stop retrying");
        var session = await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-delay-1", CancellationToken.None);
        session!.StartedUnixMs.Should().BeGreaterThanOrEqualTo(before - 1000, "the implausible delay is not subtracted");
        session.UpdatedUnixMs.Should().Be(session.StartedUnixMs);
        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingImplausibleTimes.Should().Be(implausible + 1);
    }

    // RFC 2866 §5.7: an Interim-Update of a session whose Start was lost, with Acct-Session-Time 2³²−1, dated the session
    // 136 years back. Not trusted: the session starts at the Interim-Update, as without the attribute.
    [Test]
    public async Task Accounting_InterimWithAnImplausibleAcctSessionTime_StartsTheSessionAtItsReception()
    {
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var implausible = _harness.Statistics.Find(RadiusHarness.NasName)?.AccountingImplausibleTimes ?? 0;

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Interim-Update, Acct-Session-Id = \"acct-session-time-1\", User-Name = \"02-00-00-00-08-06\", Framed-IP-Address = 10.1.0.8, Acct-Session-Time = 4294967295");

        exit.Should().Be(0, output);
        var session = await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-session-time-1", CancellationToken.None);
        session!.StartedUnixMs.Should().BeGreaterThanOrEqualTo(before - 1000);
        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingImplausibleTimes.Should().Be(implausible + 1);
    }

    // Acct-Delay-Time 40,000,000 s (463 days) made the next retention purge delete this 10-second-old session.
    [Test]
    public async Task Accounting_StartWithAYearLongAcctDelayTime_IsKeptByTheRetentionPurge()
    {
        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Start, Acct-Session-Id = \"acct-delay-2\", User-Name = \"02-00-00-00-08-07\", Acct-Delay-Time = 40000000")).ExitCode.Should().Be(0);

        await _harness.Get<ConnectionLogPurge>().RunAsync(CancellationToken.None);

        (await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-delay-2", CancellationToken.None)).Should().NotBeNull();
    }

    // A Stop whose Acct-Delay-Time (86,000 s, under the 1-day limit) dated it a day before the session's Start: the
    // session was stored stopping before it started and no longer covered any moment of the legal log. It stops at its
    // start instead, and the value is counted.
    [Test]
    public async Task Accounting_StopDatedBeforeItsStart_StopsTheSessionAtItsStartAndIsCounted()
    {
        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Start, Acct-Session-Id = \"acct-stop-early\", User-Name = \"02-00-00-00-08-09\", Framed-IP-Address = 10.1.0.25")).ExitCode.Should().Be(0);
        var implausible = _harness.Statistics.Find(RadiusHarness.NasName)?.AccountingImplausibleTimes ?? 0;

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct",
            "Acct-Status-Type = Stop, Acct-Session-Id = \"acct-stop-early\", User-Name = \"02-00-00-00-08-09\", Framed-IP-Address = 10.1.0.25, Acct-Delay-Time = 86000, Acct-Session-Time = 10");

        exit.Should().Be(0, output);
        var session = await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-stop-early", CancellationToken.None);
        session!.StoppedUnixMs.Should().Be(session.StartedUnixMs, "a session never stops before it starts");
        _harness.Statistics.Find(RadiusHarness.NasName)!.AccountingImplausibleTimes.Should().Be(implausible + 1);
    }

    // carol (id 7) deleted her account, dave got id 7 again: a terminal's accounting still echoing carol's Class
    // alpi:7:mac, with carol's MAC as User-Name, was attributed to dave in the legal log. The Class names an account
    // the request does not show (not its login, not its device): the session is attributed by User-Name and MAC.
    [Test]
    public async Task Accounting_WithAClassWhoseAccountTheRequestDoesNotShow_IsAttributedByUserNameAndMac()
    {
        var dave = await CreateAccountAsync("acct-dave@example.org", "correct horse");
        var daveClass = "0x" + Convert.ToHexString(Encoding.ASCII.GetBytes($"alpi:{dave.Id}:mac"));

        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            $"Acct-Status-Type = Start, Acct-Session-Id = \"acct-class-1\", User-Name = \"02-00-00-00-08-08\", Calling-Station-Id = \"02-00-00-00-08-08\", Class = {daveClass}")).ExitCode.Should().Be(0);
        (await Radclient.RunAsync(_harness.AcctPort, "acct",
            $"Acct-Status-Type = Start, Acct-Session-Id = \"acct-class-2\", User-Name = \"acct-dave@example.org\", Class = {daveClass}")).ExitCode.Should().Be(0);

        var sessions = _harness.Get<SessionStore>();
        (await sessions.FindAsync(RadiusHarness.NasName, "acct-class-1", CancellationToken.None))!.AccountLogin.Should().BeNull("the MAC is nobody's device now, and not dave's");
        (await sessions.FindAsync(RadiusHarness.NasName, "acct-class-2", CancellationToken.None))!.AccountLogin.Should().Be("acct-dave@example.org", "the Class and the User-Name agree");
    }

    [Test]
    public async Task Accounting_WithAWrongSecret_IsDroppedAndNotStored()
    {
        var before = _harness.Statistics.GetDropped(RadiusDropReason.BadRequestAuthenticator);

        var (exit, output) = await Radclient.RunAsync(_harness.AcctPort, "acct", "Acct-Status-Type = Start, Acct-Session-Id = \"acct-5\"", secret: "not-the-secret", timeoutSeconds: 1);

        exit.Should().NotBe(0);
        output.Should().Contain("No reply from server");
        _harness.Statistics.GetDropped(RadiusDropReason.BadRequestAuthenticator).Should().BeGreaterThan(before);
        (await _harness.Get<SessionStore>().FindAsync(RadiusHarness.NasName, "acct-5", CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public async Task Accounting_WithoutSessionId_IsDroppedAsMissingAttribute()
    {
        var before = _harness.Statistics.GetDropped(RadiusDropReason.MissingAttribute);

        var (exit, _) = await Radclient.RunAsync(_harness.AcctPort, "acct", "Acct-Status-Type = Start, User-Name = \"x\"", timeoutSeconds: 1);

        exit.Should().NotBe(0);
        _harness.Statistics.GetDropped(RadiusDropReason.MissingAttribute).Should().BeGreaterThan(before);
    }

    private async Task<Account> CreateAccountAsync(string login, string password)
    {
        var account = await _harness.Get<AccountStore>().CreateAsync(login, login, AccountPasswords.Hash(password), null, TimeProvider.System.GetUtcNow(), CancellationToken.None); // now: the legal-log purge at start deletes accounts inactive for a year
        return account!;
    }

    private async Task<string> IssueTokenAsync(string login) =>
        await _harness.Get<LogonTokenStore>().IssueAsync(login, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);

    private static byte[] RandomAuthenticator() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);

    /// <summary>An Access-Request with Message-Authenticator, User-Password and the given Proxy-State values, signed with <paramref name="secret"/> (default: the harness secret).</summary>
    private static byte[] BuildAccessRequest(byte identifier, byte[] authenticator, string userName, string password, byte[][] proxyStates, byte[]? secret = null)
    {
        secret ??= SecretBytes;
        var attributes = new List<RadiusAttribute>
        {
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.FromString(RadiusAttributeType.UserName, userName),
        };
        if (password.Length > 0)
        {
            attributes.Add(RadiusAttribute.Create(RadiusAttributeType.UserPassword, RadiusCrypto.HidePassword(Encoding.UTF8.GetBytes(password), secret, authenticator)));
        }

        attributes.AddRange(proxyStates.Select(p => RadiusAttribute.Create(RadiusAttributeType.ProxyState, p)));
        var octets = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator, attributes));
        RadiusCrypto.TrySetMessageAuthenticator(octets, secret, default).Should().BeTrue();
        return octets;
    }

    private static async Task<byte[]?> ReceiveAsync(UdpClient client, TimeSpan timeout)
    {
        try
        {
            return (await client.ReceiveAsync().WaitAsync(timeout)).Buffer;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
