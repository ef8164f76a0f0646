namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// A Mosquitto 2.0 ACL file (<c>acl_file</c>, mosquitto.conf(5); the parser and check of <c>src/security_default.c</c>),
/// as <c>install/mosquitto/add-agent.sh</c> writes it, so that the embedded broker and Mosquitto read the same file:
/// <list type="bullet">
/// <item><c>#</c> at the start of a line: comment; blank lines are skipped.</item>
/// <item><c>user NAME</c>: the following <c>topic</c> lines belong to the MQTT user name NAME (the rest of the line).</item>
/// <item><c>topic [read|write|readwrite|deny] FILTER</c>: grants (or denies) FILTER to the current user; without an access
/// word, <c>readwrite</c>. Before any <c>user</c> line: the rules of clients without a user name.</item>
/// <item><c>pattern [read|write|readwrite|deny] FILTER</c>: a rule for every client, where a level <c>%u</c> stands for the
/// client's user name and <c>%c</c> for its client identifier.</item>
/// </list>
/// Where Mosquitto refuses to start on a bad line, this reader fails closed and carries on: a bad <c>topic</c> line (unknown
/// access word, invalid filter) leaves its user (or the anonymous section) with no access at all, a bad <c>pattern</c> line
/// disables every pattern, and the line is reported (<see cref="Problems"/>); the other users keep their rules. A line
/// with another first word is reported and ignored, as Mosquitto ignores it.
/// </summary>
public sealed class MosquittoAclFile
{
    private readonly Dictionary<string, Section> _users = new(StringComparer.Ordinal);
    private readonly Section _anonymous = new();
    private readonly Section _patterns = new();
    private readonly List<FileProblem> _problems = [];

    private MosquittoAclFile()
    {
    }

    /// <summary>The lines that could not be used, with what was done about them.</summary>
    public IReadOnlyList<FileProblem> Problems => _problems;

    /// <summary>The user names that have a <c>user</c> section.</summary>
    public IReadOnlyCollection<string> UserNames => _users.Keys;

    /// <summary>Reads an ACL file's lines; never throws on content.</summary>
    public static MosquittoAclFile Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var file = new MosquittoAclFile();
        var current = file._anonymous;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed[0] == '#')
            {
                // An indented comment: Mosquitto would ignore it as an unknown keyword.
                continue;
            }

            var keywordEnd = trimmed.IndexOfAny([' ', '\t']);
            var keyword = keywordEnd < 0 ? trimmed : trimmed[..keywordEnd];
            var rest = keywordEnd < 0 ? "" : trimmed[keywordEnd..].Trim(' ', '\t');
            switch (keyword)
            {
                case "user":
                    if (rest.Length == 0)
                    {
                        file._problems.Add(new(number, "\"user\" without a user name; the following topic lines are ignored until the next user line."));
                        current = new Section { Failed = true };
                        break;
                    }

                    if (!file._users.TryGetValue(rest, out current))
                    {
                        current = new Section();
                        file._users[rest] = current;
                    }

                    break;
                case "topic":
                case "pattern":
                    var target = keyword == "topic" ? current : file._patterns;
                    if (TryParseRule(rest, out var entry, out var problem))
                    {
                        target.Add(entry);
                    }
                    else
                    {
                        target.Failed = true;
                        var who = keyword == "pattern" ? "every pattern is disabled"
                            : ReferenceEquals(target, file._anonymous) ? "clients without a user name get no access"
                            : "this user gets no access";
                        file._problems.Add(new(number, $"{problem}; {who} until the file is fixed."));
                    }

                    break;
                default:
                    file._problems.Add(new(number, $"unknown keyword \"{keyword}\" (expected user, topic or pattern); line ignored."));
                    break;
            }
        }

        return file;
    }

    /// <summary>
    /// The rules of a client, in Mosquitto's evaluation order: its user's section (or the anonymous section when
    /// <paramref name="userName"/> is null), then the patterns with <c>%u</c> and <c>%c</c> replaced. As Mosquitto does,
    /// patterns give nothing to a client whose user name or client identifier contains <c>+</c>, <c>#</c> or <c>/</c>,
    /// and a pattern naming <c>%u</c> gives nothing to a client without a user name.
    /// </summary>
    public ClientAccessRules RulesFor(string? userName, string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var entries = new List<AclEntry>();
        var section = userName is null ? _anonymous : _users.GetValueOrDefault(userName);
        if (section is { Failed: false })
        {
            entries.AddRange(section.Denials);
            entries.AddRange(section.Grants);
        }

        var dangerous = (userName is not null && userName.AsSpan().IndexOfAny("+#/") >= 0) || clientId.AsSpan().IndexOfAny("+#/") >= 0;
        if (!_patterns.Failed && !dangerous)
        {
            foreach (var pattern in _patterns.Denials.Concat(_patterns.Grants))
            {
                if (Substitute(pattern.Filter, userName, clientId) is { } filter)
                {
                    entries.Add(pattern with { Filter = filter });
                }
            }
        }

        return entries.Count == 0 ? ClientAccessRules.Nothing : new ClientAccessRules(entries);
    }

    private static bool TryParseRule(string rest, out AclEntry entry, out string problem)
    {
        entry = null!;
        problem = "";
        if (rest.Length == 0)
        {
            problem = "empty topic";
            return false;
        }

        var accessEnd = rest.IndexOfAny([' ', '\t']);
        string filter;
        TopicAccess access;
        if (accessEnd < 0)
        {
            filter = rest;
            access = TopicAccess.ReadWrite;
        }
        else
        {
            var word = rest[..accessEnd];
            filter = rest[accessEnd..].Trim(' ', '\t');
            TopicAccess? parsed = word switch
            {
                "read" => TopicAccess.Read,
                "write" => TopicAccess.Write,
                "readwrite" => TopicAccess.ReadWrite,
                "deny" => TopicAccess.None,
                _ => null,
            };
            if (parsed is null)
            {
                problem = $"invalid access \"{word}\" (expected read, write, readwrite or deny)";
                return false;
            }

            access = parsed.Value;
        }

        if (!TopicFilters.IsValidFilter(filter))
        {
            problem = $"invalid topic filter \"{filter}\"";
            return false;
        }

        entry = new AclEntry(filter, access);
        return true;
    }

    private static string? Substitute(string filter, string? userName, string clientId)
    {
        if (!filter.Contains('%', StringComparison.Ordinal))
        {
            return filter;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] == "%u")
            {
                if (userName is null)
                {
                    return null;
                }

                levels[i] = userName;
            }
            else if (levels[i] == "%c")
            {
                levels[i] = clientId;
            }
        }

        return string.Join('/', levels);
    }

    private sealed class Section
    {
        public List<AclEntry> Denials { get; } = [];

        public List<AclEntry> Grants { get; } = [];

        public bool Failed { get; set; }

        public void Add(AclEntry entry) => (entry.IsDeny ? Denials : Grants).Add(entry);
    }
}
