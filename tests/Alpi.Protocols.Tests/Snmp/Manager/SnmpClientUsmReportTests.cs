using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.Manager;

/// <summary>
/// Each USM Report an SNMPv3 agent may answer a request with (RFC 3414 §3.2, the usmStats counters of §5), from a
/// scripted agent on loopback: the result says what is wrong in words and names the counter, never only its OID.
/// </summary>
public sealed class SnmpClientUsmReportTests
{
    // One case per usmStats counter (1.3.6.1.6.3.15.1.1.N.0), as net-snmp's agent sends them.
    // usmStatsUnsupportedSecLevels: the user exists on the device for a lower level than asked.
    [TestCase(1, SnmpStatus.UnsupportedSecurityLevel,
        "the device does not allow user ops at security level authPriv: the user is configured on the device for another level (usmStatsUnsupportedSecLevels)")]
    // usmStatsNotInTimeWindows: still after the one resynchronisation (the scripted agent answers it every time).
    [TestCase(2, SnmpStatus.NotInTimeWindow,
        "the device finds the request of user ops outside its time window even after resynchronising on its engine boots 7 and time 1234: its engine boots or clock went back, or another device answers at this address (usmStatsNotInTimeWindows)")]
    // usmStatsUnknownUserNames: no such user on the device.
    [TestCase(3, SnmpStatus.UnknownUser,
        "the device has no SNMPv3 user ops: wrong user name, or the user is not configured on the device (usmStatsUnknownUserNames)")]
    // usmStatsUnknownEngineIDs after discovery: the device's engine ID changed.
    [TestCase(4, SnmpStatus.DiscoveryFailed,
        "the device does not know the engine ID the request of user ops was made for: its engine ID changed since it was discovered (device reset or replaced, or another device at this address) (usmStatsUnknownEngineIDs)")]
    // usmStatsWrongDigests: a wrong authentication pass phrase or protocol.
    [TestCase(5, SnmpStatus.AuthenticationFailed,
        "the device refused the authentication key of user ops: wrong authentication password or protocol (usmStatsWrongDigests)")]
    // usmStatsDecryptionErrors: a wrong privacy pass phrase or protocol.
    [TestCase(6, SnmpStatus.DecryptionFailed,
        "the device could not decrypt the request of user ops: wrong privacy password or protocol (usmStatsDecryptionErrors)")]
    public async Task Get_AgentAnswersWithAUsmReport_SaysWhatIsWrongInWords(int counter, SnmpStatus status, string said)
    {
        using var agent = new ReportingAgent(counter);
        await using var client = new SnmpClient();
        var user = new SnmpV3User("ops", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacSha1_96, "auth-pass-phrase", SnmpPrivProtocol.Aes128, "priv-pass-phrase");
        var target = new SnmpTarget(agent.EndPoint, SnmpVersion.V3, "", user, TimeSpan.FromSeconds(2), 0);

        var result = await client.GetAsync(target, [Oid.Parse("1.3.6.1.2.1.1.3.0")]);

        result.Status.Should().Be(status);
        result.Detail.Should().Be(said);
        result.ToString().Should().NotContain("1.3.6.1.6.3.15.1.1", "the counter is named, not given as an OID");
    }

    /// <summary>
    /// An SNMPv3 agent that answers engine discovery (an empty msgAuthoritativeEngineID) with its engine ID, boots 7 and
    /// time 1234, as RFC 3414 §4 says, and every other request with an unauthenticated Report of usmStats counter N.
    /// </summary>
    private sealed class ReportingAgent : IDisposable
    {
        private static readonly byte[] EngineId = Convert.FromHexString("80001F8880A1B2C3D4E5F60708");
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();

        public ReportingAgent(int counter)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _ = Task.Run(async () =>
            {
                var buffer = new byte[65_535];
                while (!_stop.IsCancellationRequested)
                {
                    SocketReceiveFromResult received;
                    try
                    {
                        received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        return;
                    }

                    var request = SnmpMessageCodec.DecodeV3(buffer.AsSpan(0, received.ReceivedBytes)).Value!.Message;
                    var discovery = request.SecurityParameters.AuthoritativeEngineId.IsEmpty;
                    var report = new SnmpPdu(SnmpPduType.Report, request.ScopedPdu?.Pdu.RequestId ?? 0, SnmpErrorStatus.NoError, 0,
                        [new Varbind(Oid.Parse($"1.3.6.1.6.3.15.1.1.{(discovery ? 4 : counter)}.0"), SnmpValue.Counter32(1))]);
                    var answer = new SnmpV3Message(request.MessageId, 65_507, SnmpV3MessageFlags.None,
                        new UsmSecurityParameters(EngineId, 7, 1234, request.SecurityParameters.UserName, default, default),
                        new SnmpScopedPdu(EngineId, ReadOnlyMemory<byte>.Empty, report), ReadOnlyMemory<byte>.Empty);
                    var output = new ArrayBufferWriter<byte>();
                    SnmpMessageCodec.EncodeV3(answer, 0, output, out _);
                    await _socket.SendToAsync(output.WrittenMemory, SocketFlags.None, received.RemoteEndPoint);
                }
            });
        }

        public IPEndPoint EndPoint { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
