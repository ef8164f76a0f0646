using Alpi.HotspotController.Coa;

namespace Alpi.HotspotController.Admin;

/// <summary>An account blocked, unblocked or deleted: its login as stored, and the disconnections of its open sessions.</summary>
/// <param name="Login">The account's login as stored (canonical), whatever spelling found it: what messages and the audit log name.</param>
/// <param name="Disconnections">The Disconnect-Requests sent to its sessions' terminals (none when unblocking).</param>
public sealed record AccountDisconnections(string Login, IReadOnlyList<SessionDisconnection> Disconnections);

/// <summary>
/// An account deleted (<see cref="HotspotAdministration.BeginDeleteUserAsync"/>): committed and audited, its open
/// sessions' disconnections under way.
/// </summary>
/// <param name="Login">The account's login as stored (canonical), whatever spelling found it.</param>
/// <param name="OpenSessions">How many open sessions it had: the Disconnect-Requests sent.</param>
/// <param name="Disconnections">
/// Ends when every terminal answered or timed out and the outcome is audited, with one entry per session in the order
/// listed; faults (a <see cref="System.Data.Common.DbException"/>) when the database cannot be read or that entry written.
/// </param>
public sealed record AccountDeletion(string Login, int OpenSessions, Task<IReadOnlyList<SessionDisconnection>> Disconnections);
