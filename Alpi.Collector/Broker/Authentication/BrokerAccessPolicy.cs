using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// Who may connect to the embedded broker and what each client may publish and receive: the generated internal users
/// (<see cref="InternalBrokerUsers"/>) first, then the Mosquitto password file and ACL file of
/// <see cref="BrokerAuthenticationOptions"/> (reread when they change), or the Alpi agent naming convention when there
/// is no ACL file (<see cref="AlpiAgentConvention"/>). Unusable file lines are logged with file and line and counted.
/// </summary>
public sealed partial class BrokerAccessPolicy
{
    private readonly InternalBrokerUsers _internalUsers;
    private readonly BrokerSecurityStatistics _statistics;
    private readonly ILogger<BrokerAccessPolicy> _logger;
    private readonly WatchedFile<MosquittoPasswordFile>? _passwords;
    private readonly WatchedFile<MosquittoAclFile>? _acl;

    /// <summary>Creates the policy from <c>Collector:Broker:Authentication</c>; the files are read on first use.</summary>
    public BrokerAccessPolicy(IOptions<CollectorOptions> options, InternalBrokerUsers internalUsers, BrokerSecurityStatistics statistics, TimeProvider timeProvider,
        ILogger<BrokerAccessPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _internalUsers = internalUsers;
        _statistics = statistics;
        _logger = logger;
        var authentication = options.Value.Broker.Authentication;
        if (authentication.PasswordFile is { } passwordFile)
        {
            _passwords = new WatchedFile<MosquittoPasswordFile>(passwordFile, MosquittoPasswordFile.Parse, MosquittoPasswordFile.Empty, timeProvider,
                file => Loaded(passwordFile, "users", file.Count, file.Problems),
                problem => ReadFailed(passwordFile, problem));
        }

        if (authentication.AclFile is { } aclFile)
        {
            _acl = new WatchedFile<MosquittoAclFile>(aclFile, MosquittoAclFile.Parse, MosquittoAclFile.Parse([]), timeProvider,
                file => Loaded(aclFile, "user sections", file.UserNames.Count, file.Problems),
                problem => ReadFailed(aclFile, problem));
        }
    }

    /// <summary>Users of the password file who can log in (its last good reading); 0 without a password file.</summary>
    public int FileUsers => _passwords?.Current.Count ?? 0;

    /// <summary>
    /// Checks a CONNECT's credentials; once a file user is accepted, the ACL file is checked for changes at once.
    /// </summary>
    /// <param name="userName">The CONNECT user name, or null.</param>
    /// <param name="password">The CONNECT password octets (empty when absent).</param>
    /// <returns>Null when accepted; otherwise the refusal reason (<see cref="BrokerRefusal"/>).</returns>
    public string? Authenticate(string? userName, ReadOnlySpan<byte> password)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return BrokerRefusal.Anonymous;
        }

        if (InternalBrokerUsers.IsInternal(userName))
        {
            return _internalUsers.TryVerify(userName, password, out _) ? null : BrokerRefusal.BadCredentials;
        }

        if (_passwords is null || !_passwords.Current.Verify(userName, password))
        {
            return BrokerRefusal.BadCredentials;
        }

        // The two files are checked on their own clocks (at most once a second each): an agent added by add-agent.sh
        // (password, then ACL block) could log in with the new password file yet publish against the ACL of the second
        // before, and be refused. Its CONNECT makes the ACL current.
        _acl?.CheckNow();
        return null;
    }

    /// <summary>The rules that apply now to a client authenticated as <paramref name="userName"/> with <paramref name="clientId"/>.</summary>
    public ClientAccessRules RulesFor(string? userName, string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        if (InternalBrokerUsers.IsInternal(userName))
        {
            return _internalUsers.RulesOf(userName!) ?? ClientAccessRules.Nothing;
        }

        return _acl is null ? AlpiAgentConvention.RulesFor(userName) : _acl.Current.RulesFor(userName, clientId);
    }

    private void Loaded(string path, string what, int count, IReadOnlyList<FileProblem> problems)
    {
        Log.FileRead(_logger, path, count, what, problems.Count);
        foreach (var problem in problems)
        {
            Log.FileLineProblem(_logger, path, problem.Line, problem.Message);
        }

        _statistics.CountFileProblems(problems.Count);
    }

    private void ReadFailed(string path, string problem)
    {
        Log.FileReadFailed(_logger, path, problem);
        _statistics.CountFileProblems(1);
    }
}
