using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>
/// Reads a whole file with glibc's <c>open(2)</c>, <c>read(2)</c> and <c>close(2)</c> into a pooled buffer: four system
/// calls for a small <c>/proc</c> or <c>/sys</c> file, where <see cref="File.ReadAllText(string)"/> makes eight
/// (<c>fstat</c>, an advisory <c>flock</c> taken and released, a third <c>pread</c>) and allocates a
/// <see cref="FileStream"/>, a <see cref="StreamReader"/> and their buffers for each file the agent reads every round.
/// </summary>
/// <remarks>
/// The text is decoded as <see cref="File.ReadAllText(string)"/> decodes it: UTF-8, a UTF-8 byte order mark dropped,
/// invalid sequences replaced by U+FFFD; a file starting with a UTF-16 or UTF-32 byte order mark (never a pseudo file)
/// is handed to <see cref="File.ReadAllText(string)"/>. The file is read until <c>read</c> returns 0, so files of any size
/// (and pseudo files whose <c>st_size</c> is 0 or 4096) are read whole.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static partial class LinuxFileReader
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY (0) | O_CLOEXEC (02000000 on x86_64 and aarch64)
    private const int InitialBufferBytes = 4096;
    private const int ErrorInterrupted = 4; // EINTR

    /// <summary>Reads the file at <paramref name="path"/> and decodes it as UTF-8.</summary>
    /// <param name="path">An absolute path.</param>
    /// <returns>The file's text.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist (ENOENT); the message names the path.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder of the path does not exist (ENOTDIR).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied (EACCES, EPERM) or the path is a folder (EISDIR).</exception>
    /// <exception cref="IOException">Any other <c>open</c> or <c>read</c> error; the message names the path and errno.</exception>
    public static string ReadAllText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = NativeMethods.Open(path, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw Error(path, Marshal.GetLastPInvokeError());
        }

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

                var read = NativeMethods.Read(fd, ref buffer[length], buffer.Length - length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == ErrorInterrupted)
                    {
                        continue;
                    }

                    throw Error(path, errno);
                }

                if (read == 0)
                {
                    break;
                }

                length += (int)read;
            }

            return Decode(buffer.AsSpan(0, length), path);
        }
        finally
        {
            _ = NativeMethods.Close(fd);
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

    private static Exception Error(string path, int errno) => errno switch
    {
        2 => new FileNotFoundException($"Could not find file '{path}'.", path), // ENOENT
        20 => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."), // ENOTDIR
        1 or 13 or 21 => new UnauthorizedAccessException($"Access to the path '{path}' is denied: {Marshal.GetPInvokeErrorMessage(errno)}."), // EPERM, EACCES, EISDIR
        _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})."),
    };

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        internal static partial nint Read(int fd, ref byte buffer, nint count);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);
    }
}
