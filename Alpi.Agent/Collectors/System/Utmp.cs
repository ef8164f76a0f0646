using System.Buffers.Binary;

namespace Alpi.Agent.Collectors.System;

/// <summary>
/// Reads the login records of <c>/var/run/utmp</c> (utmp(5)): glibc's <c>struct utmp</c> on x86_64 and aarch64 is
/// 384 bytes, beginning with the 16-bit record type (little-endian).
/// </summary>
internal static class Utmp
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "var/run/utmp";

    /// <summary>The size of one record in bytes.</summary>
    public const int RecordSize = 384;

    /// <summary>The <c>ut_type</c> of a normal process's login record (USER_PROCESS).</summary>
    public const short UserProcess = 7;

    /// <summary>
    /// The number of USER_PROCESS records, that is, logged-in sessions as <c>who(1)</c> lists them and as Telegraf's
    /// <c>n_users</c> counts them. A partial record at the end (a write in progress) is ignored.
    /// </summary>
    public static int CountUserProcesses(ReadOnlySpan<byte> content)
    {
        var count = 0;
        for (var offset = 0; offset + RecordSize <= content.Length; offset += RecordSize)
        {
            if (BinaryPrimitives.ReadInt16LittleEndian(content[offset..]) == UserProcess)
            {
                count++;
            }
        }

        return count;
    }
}
