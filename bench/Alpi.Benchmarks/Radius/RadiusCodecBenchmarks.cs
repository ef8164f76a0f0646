using System.Text;
using Alpi.Protocols.Radius;
using BenchmarkDotNet.Attributes;

namespace Alpi.Benchmarks.Radius;

/// <summary>
/// One Access-Request as radclient sends it (User-Name, User-Password, Message-Authenticator, plus the NAS and
/// station attributes a CoovaChilli terminal adds): scanning it with <see cref="RadiusReader"/> (which must not
/// allocate), decoding it to a <see cref="RadiusPacket"/>, checking its Message-Authenticator, recovering its
/// User-Password, and signing an Access-Accept to it (Message-Authenticator, then Response Authenticator): the four MD5
/// computations of every Access-Request.
/// </summary>
[MemoryDiagnoser]
public class RadiusCodecBenchmarks
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("testing123");
    private readonly byte[] _password = new byte[RadiusCrypto.MaxPasswordLength];
    private byte[] _datagram = [];
    private byte[] _hiddenPassword = [];
    private byte[] _accept = [];

    [GlobalSetup]
    public void Setup()
    {
        var authenticator = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var request = new RadiusPacket(RadiusCode.AccessRequest, 1, authenticator,
        [
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.FromString(RadiusAttributeType.UserName, "aa-bb-cc-dd-ee-ff"),
            RadiusAttribute.Create(RadiusAttributeType.UserPassword, RadiusCrypto.HidePassword("password"u8, Secret, authenticator)),
            RadiusAttribute.FromString(RadiusAttributeType.CalledStationId, "00-11-22-33-44-55:Cigale"),
            RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, "AA-BB-CC-DD-EE-FF"),
            RadiusAttribute.FromUInt32(RadiusAttributeType.NasPort, 7),
            RadiusAttribute.FromString(32, "terminal-042"),
        ]);
        _datagram = RadiusPacketWriter.Encode(request);
        _hiddenPassword = request.Find(RadiusAttributeType.UserPassword)!.Value.ToArray();
        _accept = RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.AccessAccept, 1, new byte[16],
            [RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]), RadiusAttribute.FromUInt32(27, 3600)]));
        if (!RadiusCrypto.TrySetMessageAuthenticator(_datagram, Secret, default))
        {
            throw new InvalidOperationException("The benchmark datagram has no Message-Authenticator.");
        }
    }

    [Benchmark]
    public int Scan()
    {
        var reader = new RadiusReader(_datagram);
        reader.TryReadHeader(out _, out _, out _);
        var count = 0;
        while (reader.TryReadAttribute(out _, out var value, out _))
        {
            count += value.Length;
        }

        return count;
    }

    [Benchmark]
    public int Decode() => RadiusPacketReader.TryDecode(_datagram, out var packet, out _) ? packet.Attributes.Count : -1;

    [Benchmark]
    public RadiusMessageAuthenticatorResult VerifyMessageAuthenticator() =>
        RadiusCrypto.VerifyMessageAuthenticator(_datagram, Secret, default);

    [Benchmark]
    public int UnhidePassword() =>
        RadiusCrypto.TryUnhidePassword(_hiddenPassword, Secret, _datagram.AsSpan(4, 16), _password, out var written, out _) ? written : -1;

    [Benchmark]
    public byte SignAccept()
    {
        RadiusCrypto.TrySetMessageAuthenticator(_accept, Secret, _datagram.AsSpan(4, 16));
        RadiusCrypto.SetResponseAuthenticator(_accept, _datagram.AsSpan(4, 16), Secret);
        return _accept[4];
    }
}
