using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alpi.Protocols.Radius;

namespace Alpi.Protocols.Tests.Radius;

/// <summary>
/// The codec against FreeRADIUS's radclient (Debian freeradius-utils) on a loopback port: the test decodes and checks
/// what radclient sends, then answers with a packet built by <see cref="RadiusPacketWriter"/> and
/// <see cref="RadiusCrypto"/>, which radclient must accept (it checks the Response Authenticator and the
/// Message-Authenticator).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RadclientInteropTests
{
    private const string Secret = "testing123";
    private static readonly byte[] SecretBytes = Encoding.ASCII.GetBytes(Secret);

    [Test]
    public async Task Pap_WithMessageAuthenticator_IsDecodedAndOurAcceptIsAccepted()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var radclient = StartRadclient(port, "auth", "User-Name = \"nemo\", User-Password = \"arctangent\", Message-Authenticator = 0x00");

        var received = await server.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        RadiusPacketReader.TryDecode(received.Buffer, out var request, out var error).Should().BeTrue(error.ToString());
        RadiusCrypto.VerifyMessageAuthenticator(received.Buffer, SecretBytes, default).Should().Be(RadiusMessageAuthenticatorResult.Valid);
        var password = new byte[128];
        RadiusCrypto.TryUnhidePassword(request!.Find(RadiusAttributeType.UserPassword)!.Value.Span, SecretBytes,
            request.Authenticator.Span, password, out var length, out _).Should().BeTrue();
        Encoding.UTF8.GetString(password, 0, length).Should().Be("arctangent");

        var accept = new RadiusPacket(RadiusCode.AccessAccept, request.Identifier, new byte[16],
        [
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 3600),
            RadiusAttribute.VendorUInt32(RadiusDictionary.WisprVendorId, 8, 2_000_000),
        ]);
        var reply = RadiusPacketWriter.Encode(accept);
        RadiusCrypto.TrySetMessageAuthenticator(reply, SecretBytes, request.Authenticator.Span).Should().BeTrue();
        RadiusCrypto.SetResponseAuthenticator(reply, request.Authenticator.Span, SecretBytes);
        await server.SendAsync(reply, received.RemoteEndPoint);

        var (exit, output) = await FinishAsync(radclient);
        output.Should().Contain("Received Access-Accept").And.Contain("Session-Timeout = 3600").And.Contain("WISPr-Bandwidth-Max-Down = 2000000");
        exit.Should().Be(0, output);
    }

    [Test]
    public async Task Accounting_IsVerifiedAndOurResponseIsAccepted()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var radclient = StartRadclient(port, "acct", "User-Name = \"u\", Acct-Status-Type = Stop, Acct-Session-Id = \"S-42\", Acct-Input-Octets = 1234");

        var received = await server.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        RadiusPacketReader.TryDecode(received.Buffer, out var request, out _).Should().BeTrue();
        RadiusCrypto.VerifyRequestAuthenticator(received.Buffer, SecretBytes).Should().BeTrue();
        request!.Find(RadiusAttributeType.AcctSessionId)!.GetString().Should().Be("S-42");

        var reply = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccountingResponse, request.Identifier, new byte[16], []));
        RadiusCrypto.SetResponseAuthenticator(reply, request.Authenticator.Span, SecretBytes);
        await server.SendAsync(reply, received.RemoteEndPoint);

        var (exit, output) = await FinishAsync(radclient);
        output.Should().Contain("Received Accounting-Response");
        exit.Should().Be(0, output);
    }

    private static Process StartRadclient(int port, string command, string attributes)
    {
        if (!File.Exists("/usr/bin/radclient"))
        {
            Assert.Fail("radclient is not installed: install the Debian package freeradius-utils (the README's test command does)");
        }

        var info = new ProcessStartInfo("radclient", ["-x", "-r", "1", "-t", "5", $"127.0.0.1:{port}", command, Secret])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        process.StandardInput.WriteLine(attributes);
        process.StandardInput.Close();
        return process;
    }

    private static async Task<(int ExitCode, string Output)> FinishAsync(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
