using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Gateway;

/// <summary>
/// The health of a terminal's captive-portal gateway (CoovaChilli by default, see <see cref="HotspotGatewayOptions"/>):
/// measurement <c>hotspot_gateway</c>, tag <c>process</c> (the configured name), fields <c>running</c> (bool: at least
/// one process of that name), <c>processes</c> (i: how many, from the numeric directories of <c>/proc</c> and their
/// <c>comm</c>, proc(5)) and, when <c>chilli_query list</c> answers, <c>clients</c> (i: every client chilli tracks),
/// <c>sessions</c> (i: state <c>pass</c>, logged in) and <c>sessions_captive</c> (i: state <c>dnat</c>, redirected to
/// the portal). No address or user name is ever published.
/// </summary>
/// <remarks>
/// A missing query tool leaves the session fields out without an error; a failing query (chilli stopped, socket
/// missing) leaves them out too and is logged once per distinct reason. Lines of the listing that are not client lines
/// are counted out and reported at the end of the collection (an <see cref="InvalidDataException"/> the agent logs and
/// counts), after the point was added.
/// </remarks>
internal sealed partial class HotspotGatewayCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;
    private readonly ICommandRunner _commands;
    private readonly HotspotGatewayOptions _options;
    private readonly ILogger<HotspotGatewayCollector> _logger;
    private readonly HashSet<string> _loggedFailures = new(StringComparer.Ordinal);

    /// <summary>Reads <c>/proc</c> through <paramref name="files"/> and runs the query through <paramref name="commands"/>.</summary>
    public HotspotGatewayCollector(IHostFileSystem files, ICommandRunner commands, IOptions<HotspotGatewayOptions> options, ILogger<HotspotGatewayCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _files = files;
        _commands = commands;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "hotspot_gateway";

    /// <inheritdoc />
    public async ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var queryAvailable = !string.IsNullOrEmpty(_options.QueryCommand) && _commands.Locate(_options.QueryCommand) is not null;
        if (_options.Enabled == false || (_options.Enabled is null && !queryAvailable))
        {
            return;
        }

        var processes = CountProcesses();
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("running", FieldValue.Boolean(processes > 0)),
            new("processes", FieldValue.Integer(processes)),
        };
        var problems = new List<string>();
        if (queryAvailable && await QueryAsync(problems, cancellationToken) is { } counts)
        {
            fields.Add(new("clients", FieldValue.Integer(counts.Clients)));
            fields.Add(new("sessions", FieldValue.Integer(counts.Authenticated)));
            fields.Add(new("sessions_captive", FieldValue.Integer(counts.Captive)));
        }

        sink.Add(new LinePoint("hotspot_gateway", [new("process", _options.ProcessName)], fields, null));
        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join(" ", problems));
        }
    }

    private int CountProcesses()
    {
        var count = 0;
        foreach (var pid in _files.EnumerateDirectories("proc"))
        {
            if (pid.Length == 0 || !pid.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                if (string.Equals(_files.ReadAllText($"proc/{pid}/comm").TrimEnd('\n'), _options.ProcessName, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited between the listing and the read.
            }
        }

        return count;
    }

    private async Task<ChilliSessionCounts?> QueryAsync(List<string> problems, CancellationToken cancellationToken)
    {
        string[] arguments = _options.SocketPath is { Length: > 0 } socket ? ["-s", socket, "list"] : ["list"];
        var command = $"{_options.QueryCommand} {string.Join(' ', arguments)}";
        var result = await _commands.RunAsync(_options.QueryCommand, arguments, _options.CommandTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            var reason = result.Describe();
            if (_loggedFailures.Add(reason))
            {
                Log.QueryFailed(_logger, command, reason);
            }

            return null;
        }

        _loggedFailures.Clear();
        return ChilliSessionList.Count(result.StandardOutput, command, problems);
    }
}
