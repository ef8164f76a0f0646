using Alpi.HotspotController.Coa;

namespace Alpi.HotspotController.Admin;

/// <summary>An account blocked, unblocked or deleted: its login as stored, and the disconnections of its open sessions.</summary>
/// <param name="Login">The account's login as stored (canonical), whatever spelling found it: what messages and the audit log name.</param>
/// <param name="Disconnections">The Disconnect-Requests sent to its sessions' terminals (none when unblocking).</param>
public sealed record AccountDisconnections(string Login, IReadOnlyList<SessionDisconnection> Disconnections);
