namespace Alpi.HotspotController.Accounts;

/// <summary>A character that a login may not hold (<see cref="AccountLogins.FindRefusedCharacter"/>).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="CodePoint">Its code point (for <see cref="RefusedCharacterKind.LoneSurrogate"/>, the UTF-16 code unit), e.g. 0x200B.</param>
public readonly record struct RefusedCharacter(RefusedCharacterKind Kind, int CodePoint)
{
    /// <summary>The code point as Unicode writes it: <c>U+200B</c> (at least four hexadecimal digits).</summary>
    public string CodePointText => $"U+{CodePoint:X4}";

    /// <summary>In English, as the CLI and the admin API say it: <c>an invisible format character (U+200B)</c>.</summary>
    public override string ToString() => $"{Describe(Kind)} ({CodePointText})";

    /// <summary>The kind in English words, with its article: <c>a control character</c>.</summary>
    public static string Describe(RefusedCharacterKind kind) => kind switch
    {
        RefusedCharacterKind.Control => "a control character",
        RefusedCharacterKind.Format => "an invisible format character",
        RefusedCharacterKind.Space => "a space",
        RefusedCharacterKind.LineSeparator => "a line separator",
        RefusedCharacterKind.PrivateUse => "a private-use character",
        RefusedCharacterKind.Unassigned => "an unassigned code point",
        RefusedCharacterKind.LoneSurrogate => "a lone surrogate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
