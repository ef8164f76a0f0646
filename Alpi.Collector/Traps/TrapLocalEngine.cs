using System.Text;

namespace Alpi.Collector.Traps;

/// <summary>
/// The receiver's own SNMP engine, authoritative for the SNMPv3 informs it receives: snmpEngineID, snmpEngineBoots
/// (persisted, incremented at every start) and snmpEngineTime (seconds since start), and the 150-second time window.
/// </summary>
/// <remarks>Sources: RFC 3411 §5 (SnmpEngineID format: 0x80 ‖ enterprise ‖ format ‖ data); RFC 3414 §2.2 (boots, time), §2.2.3 (time window of 150 s), §3.2 step 7a.</remarks>
public sealed class TrapLocalEngine
{
    /// <summary>The time window, seconds (RFC 3414 §2.2.3).</summary>
    public const int TimeWindowSeconds = 150;

    private readonly TimeProvider _timeProvider;
    private readonly long _started;

    /// <summary>Creates the engine.</summary>
    /// <param name="engineId">snmpEngineID.</param>
    /// <param name="boots">snmpEngineBoots for this run.</param>
    /// <param name="timeProvider">The clock of snmpEngineTime.</param>
    public TrapLocalEngine(byte[] engineId, int boots, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        EngineId = engineId;
        Boots = boots;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
    }

    /// <summary>snmpEngineID.</summary>
    public byte[] EngineId { get; }

    /// <summary>snmpEngineBoots.</summary>
    public int Boots { get; }

    /// <summary>snmpEngineTime: seconds since this engine started.</summary>
    public int Time => (int)Math.Min(int.MaxValue, _timeProvider.GetElapsedTime(_started).TotalSeconds);

    /// <summary>
    /// The default engine ID when none is configured: RFC 3411 §5 with net-snmp's enterprise number 8072 and format 4
    /// (administratively assigned text), <c>alpi-</c> and the machine name, at most 32 octets.
    /// </summary>
    public static byte[] DefaultEngineId()
    {
        var text = Encoding.UTF8.GetBytes("alpi-" + Environment.MachineName.ToLowerInvariant());
        var id = new byte[5 + Math.Min(text.Length, 27)];
        id[0] = 0x80;
        id[1] = 0x00;
        id[2] = 0x1F;
        id[3] = 0x88;
        id[4] = 0x04;
        text.AsSpan(0, id.Length - 5).CopyTo(id.AsSpan(5));
        return id;
    }

    /// <summary>Whether a message's boots and time fall in this engine's time window (RFC 3414 §3.2 step 7a).</summary>
    /// <param name="boots">msgAuthoritativeEngineBoots.</param>
    /// <param name="time">msgAuthoritativeEngineTime.</param>
    public bool InTimeWindow(int boots, int time) =>
        boots == Boots && Boots != int.MaxValue && Math.Abs((long)time - Time) <= TimeWindowSeconds;
}
