namespace Alpi.HotspotController.Accounts;

/// <summary>Why a character is refused in a login (by its Unicode general category, or for not being text).</summary>
public enum RefusedCharacterKind
{
    /// <summary>Cc: line breaks, tabs, DEL, C1 controls.</summary>
    Control,

    /// <summary>Cf: zero-width spaces and joiners, bidirectional overrides, soft hyphens — invisible.</summary>
    Format,

    /// <summary>Zs: spaces, no-break spaces included.</summary>
    Space,

    /// <summary>Zl and Zp: line and paragraph separators.</summary>
    LineSeparator,

    /// <summary>Co: private-use code points.</summary>
    PrivateUse,

    /// <summary>Cn: code points unassigned in the runtime's Unicode version.</summary>
    Unassigned,

    /// <summary>Half of a surrogate pair without the other: not text, UTF-8 cannot carry it.</summary>
    LoneSurrogate,
}
