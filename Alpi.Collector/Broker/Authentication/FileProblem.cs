namespace Alpi.Collector.Broker.Authentication;

/// <summary>A line of a password or ACL file that could not be used: where, and why (never the line's secret part).</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Message">What is wrong and what was done about it.</param>
public sealed record FileProblem(int Line, string Message);
