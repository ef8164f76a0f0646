namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// A Mosquitto password file (<c>password_file</c>, mosquitto.conf(5); written by <c>mosquitto_passwd</c> and by
/// <c>install/mosquitto/add-agent.sh</c>), read as Mosquitto 2.0 reads it (<c>pwfile__parse</c> in
/// <c>src/security_default.c</c>): one <c>user:hash</c> per line, lines starting with <c>#</c> and lines without <c>:</c>
/// skipped, blanks around the user name trimmed. A line whose hash cannot be read (see <see cref="MosquittoPasswordHash"/>)
/// or whose user name is empty or repeated is reported in <see cref="Problems"/> and that user cannot log in (for a repeat,
/// the first line stays); the other users are kept.
/// </summary>
public sealed class MosquittoPasswordFile
{
    private readonly Dictionary<string, MosquittoPasswordHash> _users;

    private MosquittoPasswordFile(Dictionary<string, MosquittoPasswordHash> users, IReadOnlyList<FileProblem> problems)
    {
        _users = users;
        Problems = problems;
    }

    /// <summary>An empty file: nobody logs in.</summary>
    public static MosquittoPasswordFile Empty { get; } = new(new Dictionary<string, MosquittoPasswordHash>(StringComparer.Ordinal), []);

    /// <summary>The lines that could not be used.</summary>
    public IReadOnlyList<FileProblem> Problems { get; }

    /// <summary>Number of users who can log in.</summary>
    public int Count => _users.Count;

    /// <summary>Reads a password file's lines; never throws on content.</summary>
    public static MosquittoPasswordFile Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var users = new Dictionary<string, MosquittoPasswordHash>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<FileProblem>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var user = line[..colon].Trim();
            var rest = line[(colon + 1)..];
            var end = rest.IndexOf(':', StringComparison.Ordinal);
            var encoded = (end < 0 ? rest : rest[..end]).Trim();
            if (user.Length == 0)
            {
                problems.Add(new(number, "empty user name; line ignored."));
                continue;
            }

            if (users.ContainsKey(user) || refused.Contains(user))
            {
                problems.Add(new(number, $"user \"{user}\" appears again; the first line is used."));
                continue;
            }

            if (!MosquittoPasswordHash.TryParse(encoded, out var hash, out var problem))
            {
                refused.Add(user);
                problems.Add(new(number, $"user \"{user}\": {problem}; this user cannot log in until the line is fixed."));
                continue;
            }

            users[user] = hash;
        }

        return new MosquittoPasswordFile(users, problems);
    }

    /// <summary>True when <paramref name="userName"/> is in the file with a readable hash.</summary>
    public bool Contains(string userName) => _users.ContainsKey(userName);

    /// <summary>
    /// True when <paramref name="userName"/> is in the file and <paramref name="password"/> matches its hash. An unknown
    /// user costs a hash computation too, so that the answer time does not tell which user names exist.
    /// </summary>
    public bool Verify(string userName, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (_users.TryGetValue(userName, out var hash))
        {
            return hash.Verify(password);
        }

        _ = Decoy.Verify(password);
        return false;
    }

    private static readonly MosquittoPasswordHash Decoy = MosquittoPasswordHash.TryParse(MosquittoPasswordHash.Create("decoy"u8), out var decoy, out _)
        ? decoy
        : throw new InvalidOperationException("The decoy hash cannot be read back.");
}
