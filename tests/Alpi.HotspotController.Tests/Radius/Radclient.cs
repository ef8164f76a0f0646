using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// FreeRADIUS's radclient (Debian freeradius-utils) as the NAS, on 127.0.0.1 (see ../shared/PEERS.md): <see cref="RadclientProcess"/>
/// with this project's defaults (the <see cref="RadiusHarness.Secret"/>, one try).
/// </summary>
internal static class Radclient
{
    public const string Executable = RadclientProcess.Executable;

    /// <summary>
    /// Sends one request (<paramref name="command"/> <c>auth</c>, <c>acct</c> or <c>status</c>) with
    /// <paramref name="attributes"/> in radclient's syntax and returns its exit code (0 when answered as expected) and
    /// its verbose output (<c>-x</c>: the packets sent and received, attribute by attribute).
    /// </summary>
    /// <exception cref="FileNotFoundException">radclient is not installed.</exception>
    public static Task<(int ExitCode, string Output)> RunAsync(int port, string command, string attributes, string secret = RadiusHarness.Secret, int retries = 1, double timeoutSeconds = 3) =>
        RadclientProcess.RunAsync(port, command, attributes, secret, retries, timeoutSeconds);
}
