using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Collectors.Snmp;

internal sealed partial class SnmpDevicePoller
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "SNMP device {Device} is down: {Reason}")]
        public static partial void DeviceDown(ILogger logger, string device, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "SNMP device {Device}: {What} incomplete: {Reason}")]
        public static partial void PartialFailure(ILogger logger, string device, string what, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "SNMP device {Device}: the poll took longer than its interval {Interval} and was stopped")]
        public static partial void PollOverran(ILogger logger, string device, TimeSpan interval);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "SNMP device {Device}: profile {Profile} for sysObjectID .{SysObjectId}")]
        public static partial void ProfileSelected(ILogger logger, string device, string profile, Alpi.Protocols.Snmp.Oid sysObjectId);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "SNMP device {Device} is down: its address {HostName} does not resolve ({Reason}); resolved again at the next poll")]
        public static partial void NameUnresolved(ILogger logger, string device, string hostName, string reason);
    }
}
