using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Coa;

/// <summary>Log messages of <see cref="CoaClient"/>. Never the secret, never the user's name or MAC: the NAS and the Acct-Session-Id identify the request.</summary>
public sealed partial class CoaClient
{
    private static partial class Log
    {
        // Information when the session is known gone (ACK, or NAK 503 Session Context Not Found), else Warning: a
        // terminal that did not confirm may keep the session open until it times out.
        [LoggerMessage(EventId = 1, Message = "{Code} to NAS {Nas} ({Endpoint}) for session {AcctSessionId}: {Outcome} after {Attempts} attempt(s)")]
        public static partial void Completed(ILogger logger, LogLevel level, string code, string nas, System.Net.IPEndPoint endpoint, string? acctSessionId, CoaOutcome outcome, int attempts);

        [LoggerMessage(EventId = 5, Message = "{Code} to NAS {Nas} ({Endpoint}) for session {AcctSessionId}: {Outcome} (Error-Cause {ErrorCause} {ErrorCauseName}) after {Attempts} attempt(s)")]
        public static partial void CompletedWithErrorCause(ILogger logger, LogLevel level, string code, string nas, System.Net.IPEndPoint endpoint, string? acctSessionId, CoaOutcome outcome, uint errorCause, string errorCauseName, int attempts);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Code} to NAS {Nas} not sent: {Reason}")]
        public static partial void NotSent(ILogger logger, string code, string nas, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reply from {Source} to a {Code} for NAS {Nas} ignored ({Reason}); a forged reply or a wrong secret")]
        public static partial void Ignored(ILogger logger, string source, string code, string nas, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Code} to NAS {Nas}: authenticated answer with unexpected code {AnswerCode}")]
        public static partial void BadResponse(ILogger logger, string code, string nas, int answerCode);
    }
}
