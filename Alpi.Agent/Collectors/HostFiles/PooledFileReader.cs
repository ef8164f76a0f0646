using System.Buffers;
using System.Text;

namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>
/// Reads a whole file into a pooled buffer through a bare file handle (<see cref="File.OpenHandle"/>, then
/// <see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, Span{byte}, long)"/> until it returns 0), where
/// <see cref="File.ReadAllText(string)"/> allocates a <see cref="FileStream"/>, a <see cref="StreamReader"/> and their
/// buffers, and asks the file's length once more, for each of the pseudo files the agent reads every round.
/// </summary>
/// <remarks>
/// The text is decoded as <see cref="File.ReadAllText(string)"/> decodes it: UTF-8, a UTF-8 byte order mark dropped,
/// invalid sequences replaced by U+FFFD; a file starting with a UTF-16 or UTF-32 byte order mark (never a pseudo file)
/// is handed to <see cref="File.ReadAllText(string)"/>. The file is read until <c>pread</c> returns 0, so files of any
/// size (and pseudo files whose <c>st_size</c> is 0 or 4096) are read whole.
/// </remarks>
internal static class PooledFileReader
{
    private const int InitialBufferBytes = 4096;

    /// <summary>Reads the file at <paramref name="path"/> and decodes it as UTF-8.</summary>
    /// <param name="path">An absolute path.</param>
    /// <returns>The file's text.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist; the message names the path.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder of the path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied, or the path is a folder.</exception>
    /// <exception cref="IOException">Any other error opening or reading the file.</exception>
    public static string ReadAllText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Decode(buffer.AsSpan(0, length), path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The text of <paramref name="content"/> as <see cref="File.ReadAllText(string)"/> gives it (see the remarks).</summary>
    internal static string Decode(ReadOnlySpan<byte> content, string path)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(content[3..]);
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            // UTF-16 or UTF-32: let StreamReader's byte-order-mark detection decode it.
            return File.ReadAllText(path);
        }

        return Encoding.UTF8.GetString(content);
    }
}
