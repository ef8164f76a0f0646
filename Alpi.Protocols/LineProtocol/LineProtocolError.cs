namespace Alpi.Protocols.LineProtocol;

/// <summary>A line of a payload that could not be parsed: the other lines of the payload are kept.</summary>
/// <param name="LineNumber">1-based line number within the payload.</param>
/// <param name="Column">1-based byte column where the problem was found.</param>
/// <param name="Reason">What was wrong, in words a technician understands (for example <c>integer field "x" out of int64 range</c>).</param>
public sealed record LineProtocolError(int LineNumber, int Column, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}, column {Column}: {Reason}";
}
