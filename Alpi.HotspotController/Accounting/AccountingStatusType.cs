namespace Alpi.HotspotController.Accounting;

/// <summary>Acct-Status-Type values (RFC 2866 §5.1; Interim-Update and Accounting-On/Off as RFC 2866 lists them).</summary>
public enum AccountingStatusType : uint
{
    /// <summary>Start (1): a session begins.</summary>
    Start = 1,

    /// <summary>Stop (2): a session ends.</summary>
    Stop = 2,

    /// <summary>Interim-Update (3): a session's counters so far (RFC 2869 §2.1).</summary>
    InterimUpdate = 3,

    /// <summary>Accounting-On (7): the NAS started; its sessions from before are over.</summary>
    AccountingOn = 7,

    /// <summary>Accounting-Off (8): the NAS is going down; its sessions end.</summary>
    AccountingOff = 8,
}
