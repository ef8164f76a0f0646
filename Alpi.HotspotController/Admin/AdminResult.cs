using Alpi.Protocols.Json;

namespace Alpi.HotspotController.Admin;

/// <summary>How an administration operation ended; the API maps it to an HTTP status, the CLI to an exit code.</summary>
public enum AdminStatus
{
    /// <summary>Done (HTTP 200 or 201; exit code 0).</summary>
    Ok,

    /// <summary>The named user, device, NAS or session does not exist (HTTP 404; exit code 1).</summary>
    NotFound,

    /// <summary>It exists already (HTTP 409; exit code 1).</summary>
    Conflict,

    /// <summary>A value is not acceptable; <see cref="AdminResult{T}.Error"/> names it (HTTP 400; exit code 2).</summary>
    Invalid,
}

/// <summary>The outcome of an administration operation: a status, the value when done, or an error sentence.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Status">How it ended.</param>
/// <param name="Value">The value when <see cref="AdminStatus.Ok"/>.</param>
/// <param name="Error">Otherwise, what is wrong, for people; it starts with the member or parameter at fault and a colon when there is one (<c>coaPort: 70000 is not 1 to 65535</c>).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "AdminResult<Account>.NotFound(…) reads as what it is at each call site.")]
public sealed record AdminResult<T>(AdminStatus Status, T? Value, string? Error)
{
    /// <summary>Done, with <paramref name="value"/>.</summary>
    public static AdminResult<T> Ok(T value) => new(AdminStatus.Ok, value, null);

    /// <summary>Not found, with a sentence.</summary>
    public static AdminResult<T> NotFound(string error) => new(AdminStatus.NotFound, default, error);

    /// <summary>Exists already, with a sentence.</summary>
    public static AdminResult<T> Conflict(string error) => new(AdminStatus.Conflict, default, error);

    /// <summary>Not acceptable, with a sentence naming the value.</summary>
    public static AdminResult<T> Invalid(string error) => new(AdminStatus.Invalid, default, error);

    /// <summary>
    /// The refusal with its code and values (<see cref="RefusalCodes"/>: <c>nas.address.octal</c>), for clients that word
    /// it in their own language (the collector's dashboard); null when the operation gave a sentence only.
    /// <see cref="Error"/> is its sentence.
    /// </summary>
    public Refusal? Refusal { get; init; }

    /// <summary>Not found, with a refusal (its sentence as <see cref="Error"/>).</summary>
    public static AdminResult<T> NotFound(Refusal refusal) => Of(AdminStatus.NotFound, refusal);

    /// <summary>Exists already, with a refusal (its sentence as <see cref="Error"/>).</summary>
    public static AdminResult<T> Conflict(Refusal refusal) => Of(AdminStatus.Conflict, refusal);

    /// <summary>Not acceptable, with a refusal (its sentence, naming the value, as <see cref="Error"/>).</summary>
    public static AdminResult<T> Invalid(Refusal refusal) => Of(AdminStatus.Invalid, refusal);

    private static AdminResult<T> Of(AdminStatus status, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(status, default, refusal.Sentence) { Refusal = refusal };
    }

    /// <summary>The member or parameter at fault, as <see cref="Error"/> names it first (<see cref="AdminErrors.ParameterOf"/>), or null.</summary>
    public string? Parameter => AdminErrors.ParameterOf(Error);
}

/// <summary>Reading the administration's error sentences.</summary>
public static partial class AdminErrors
{
    /// <summary>
    /// The member or parameter an error sentence starts with, as sent (<c>coaPort</c> in <c>coaPort: 70000 is not 1 to
    /// 65535</c>, <c>login</c>, <c>from</c>), for the <c>parameter</c> of the APIs' problems; null when the sentence does
    /// not start with a name and a colon (<c>no account has the login bob</c>) or is null.
    /// </summary>
    public static string? ParameterOf(string? error) =>
        error is not null && LeadingName().Match(error) is { Success: true } m ? m.Groups[1].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z][A-Za-z0-9]*): ")]
    private static partial System.Text.RegularExpressions.Regex LeadingName();
}
