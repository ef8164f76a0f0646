using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Portal;

public sealed partial class PortalHandlers
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Landing URL refused: its md signature is missing or does not match (client {Client})")]
        public static partial void TamperedLink(ILogger logger, string? client);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Landing URL refused: {Problem} parameter {Parameter} (client {Client})")]
        public static partial void BadLandingQuery(ILogger logger, UamQueryProblem problem, string? parameter, string? client);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "A userurl that is not a plain http(s) URL was dropped (device {Mac})")]
        public static partial void UserUrlRejected(ILogger logger, string? mac);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Logon token issued for account {AccountId}, device {Mac}, terminal {UamIp}:{UamPort}")]
        public static partial void LogonIssued(ILogger logger, long accountId, string? mac, string uamIp, int uamPort);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Account {AccountId} registered on the portal with device {Mac} at terminal {NasId}")]
        public static partial void Registered(ILogger logger, long accountId, string? mac, string? nasId);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Login refused: account {AccountId} is blocked")]
        public static partial void BlockedLogin(ILogger logger, long accountId);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Attempt refused by the {Partition} rate limit (client {Client}, device {Mac})")]
        public static partial void RateLimited(ILogger logger, PortalRateLimitPartition partition, string client, string? mac);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Form on {Path} refused: antiforgery token or UAM context missing, forged or expired (client {Client})")]
        public static partial void FormRejected(ILogger logger, string path, string? client);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Device {Mac} removed by account {AccountId}")]
        public static partial void DeviceRemoved(ILogger logger, long accountId, string mac);

        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Account {AccountId} deleted by its owner; its sessions stay in the connection log for the legal retention")]
        public static partial void AccountDeleted(ILogger logger, long accountId);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Form on {Path} refused with 413: over the limits of {MaxValueBytes} octets per field, {MaxFormBytes} octets or {MaxFields} fields in all (client {Client})")]
        public static partial void FormTooLarge(ILogger logger, string path, int maxValueBytes, int maxFormBytes, int maxFields, string? client);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Refused on {Path}: device {Mac} is blocked")]
        public static partial void BlockedDevice(ILogger logger, string mac, string path);

        [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Account {AccountId} deleted by its owner, but its open sessions' disconnection could not be completed or audited (database); they may stay open at their terminals until they time out")]
        public static partial void DisconnectionFailed(ILogger logger, Exception exception, long accountId);
    }
}
