using System.Security.Cryptography;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// The first-start administrator's password file, <c>&lt;DataDirectory&gt;/initial-admin-password</c>: created readable
/// and writable by its owner only (mode 0600 on Unix), holding the password and a newline; deleted once that
/// administrator's password is changed or the account removed.
/// </summary>
public sealed class InitialPassword(string dataDirectory, string? accountName)
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "initial-admin-password";

    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The file's absolute path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);

    /// <summary>The account it is for (<see cref="SecurityOptions.BootstrapAdmin"/>), or null.</summary>
    public string? AccountName { get; } = string.IsNullOrWhiteSpace(accountName) ? null : accountName;

    /// <summary>True when the file exists.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>A new random password: 20 characters from 56 unambiguous letters and digits (about 116 bits), in groups of 5 joined by <c>-</c>.</summary>
    public static string Generate()
    {
        var characters = RandomNumberGenerator.GetItems<char>(Alphabet, 20);
        return string.Join('-', characters.Chunk(5).Select(c => new string(c)));
    }

    /// <summary>Writes <paramref name="password"/> to a new file, readable by its owner only.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public void Write(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(Path, new System.Text.UTF8Encoding(false), options);
        writer.WriteLine(password);
    }

    /// <summary>Deletes the file when <paramref name="name"/> is the first-start administrator's (ignoring ASCII case).</summary>
    public void DeleteIfFor(string name)
    {
        if (AccountName is not null && string.Equals(name, AccountName, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(Path);
        }
    }
}
