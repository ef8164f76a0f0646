using System.Globalization;

namespace Alpi.Protocols.Json;

/// <summary>
/// A request the API refuses, worded for every reader at once: a stable, machine-readable <see cref="Code"/> (one of
/// <see cref="RefusalCodes"/>, e.g. <c>nas.address.octal</c>), the English <see cref="Sentence"/> that the problem's
/// <c>detail</c> and <c>error</c> hold unchanged for scripts, and the sentence's values by name (<see cref="Args"/>:
/// <c>{"address":"010.0.0.1","part":"010","meant":"10.0.0.1"}</c>), from which a client words it in its own language
/// (the dashboard's <c>wwwroot/refusals.js</c> holds a French and an English template per code, and shows the sentence
/// for a code it does not know). Written in a problem as its <c>code</c> and <c>args</c> members
/// (<see cref="ApiProblem.Code"/>, <see cref="ApiProblem.Args"/>).
/// </summary>
/// <param name="Code">The refusal's code: lower-case words separated by dots, the area first (<c>account.password.length</c>).</param>
/// <param name="Sentence">The English sentence, naming what is wrong and where, with the values.</param>
/// <param name="Args">The values the sentence holds, as text (numbers in invariant culture), by name; empty when none.</param>
public sealed record Refusal(string Code, string Sentence, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>
    /// A refusal with its values: each value written as text (an <see cref="IFormattable"/> in invariant culture, null as
    /// the empty string), in the order given.
    /// </summary>
    /// <param name="code">One of <see cref="RefusalCodes"/>.</param>
    /// <param name="sentence">The English sentence.</param>
    /// <param name="args">The sentence's values by name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> or <paramref name="sentence"/> is null.</exception>
    public static Refusal Of(string code, string sentence, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(sentence);
        var values = new Dictionary<string, string>(args.Length, StringComparer.Ordinal);
        foreach (var (name, value) in args)
        {
            values[name] = value switch
            {
                null => "",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }

        return new Refusal(code, sentence, values);
    }

    /// <summary>The same refusal with its sentence prefixed (<c>address: </c>), its code and values unchanged.</summary>
    /// <param name="prefix">The text put before the sentence.</param>
    public Refusal Prefixed(string prefix) => this with { Sentence = prefix + Sentence };

    /// <summary>The English sentence.</summary>
    public override string ToString() => Sentence;
}
