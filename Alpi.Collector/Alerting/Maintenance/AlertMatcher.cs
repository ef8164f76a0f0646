using System.Text.RegularExpressions;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;
using Alpi.Protocols.Json;

namespace Alpi.Collector.Alerting.Maintenance;

/// <summary>
/// Which alerts a maintenance window or a silence covers: every matcher must accept. Keys: <c>tenant</c>,
/// <c>host</c>, <c>rule</c>, <c>severity</c>, or any label name (<c>group</c> is the alert's <c>group</c> label,
/// set by the rule's <c>labels:</c>). Values as in rule files: <c>value</c>, <c>"!value"</c>, <c>"~regex"</c>, and
/// <c>*</c> as a wildcard in a plain value (<c>borne-*</c>).
/// </summary>
public sealed class AlertMatcher
{
    private readonly IReadOnlyList<TagMatcher> _matchers;

    private AlertMatcher(IReadOnlyList<TagMatcher> matchers, IReadOnlyDictionary<string, string> source)
    {
        _matchers = matchers;
        Source = source;
    }

    /// <summary>The matchers as written (key → value).</summary>
    public IReadOnlyDictionary<string, string> Source { get; }

    /// <summary>Builds a matcher; null with the reasons (every bad pattern, joined by "; ") when a value is not a valid pattern or nothing is matched on.</summary>
    public static AlertMatcher? Create(IReadOnlyDictionary<string, string> matchers, out string? error)
    {
        var matcher = Read(matchers, out var refusals);
        error = refusals.Count == 0 ? null : string.Join("; ", refusals.Select(r => r.Sentence));
        return matcher;
    }

    /// <summary>
    /// Builds a matcher as <see cref="Create"/> does; when null, every reason as a refusal with its code and values, in
    /// the order of <paramref name="matchers"/>: <see cref="RefusalCodes.MatcherRequired"/> alone, or one
    /// <see cref="RefusalCodes.MatcherRegex"/> per <c>~regex</c> value that is no regular expression this engine runs
    /// (<c>key</c>, <c>pattern</c> as typed with its <c>~</c>, <c>position</c>, <c>problem</c>: see
    /// <see cref="PatternRefusal"/>).
    /// </summary>
    /// <param name="matchers">Key → value, as written (<c>{"host":"~srv-(a|b)"}</c>).</param>
    /// <param name="errors">Empty when a matcher is returned.</param>
    public static AlertMatcher? Read(IReadOnlyDictionary<string, string> matchers, out IReadOnlyList<Refusal> errors)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Count == 0)
        {
            errors = [Refusal.Of(RefusalCodes.MatcherRequired, "at least one matcher is required (tenant, host, rule, severity or a label)")];
            return null;
        }

        var found = new List<Refusal>();
        var list = new List<TagMatcher>();
        foreach (var (key, value) in matchers)
        {
            try
            {
                list.Add(value switch
                {
                    ['~', .. var regex] => new TagMatcher(key, TagMatchKind.Regex, regex),
                    ['!', .. var other] => new TagMatcher(key, TagMatchKind.NotEqual, other),
                    _ when value.Contains('*', StringComparison.Ordinal) => new TagMatcher(key, TagMatchKind.Regex, string.Join(".*", value.Split('*').Select(Regex.Escape))),
                    _ => new TagMatcher(key, TagMatchKind.Equal, value),
                });
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // NotSupportedException: a construct the non-backtracking engine does not run (a look-around, a back-reference).
                found.Add(PatternRefusal(key, value, e));
            }
        }

        errors = found;
        return found.Count == 0 ? new AlertMatcher(list, new Dictionary<string, string>(matchers, StringComparer.Ordinal)) : null;
    }

    // What TagMatcher puts before the expression as typed after its '~' ("^(?:"), so that .NET's offsets in the wrapped
    // expression are moved back to the pattern as typed.
    private const int WrapperPrefix = 4;

    /// <summary>
    /// The refusal of a <c>~regex</c> value that does not compile (<see cref="RefusalCodes.MatcherRegex"/>), worded by
    /// us rather than by .NET: <c>key</c>; <c>pattern</c>, the value as typed (with its <c>~</c>); <c>position</c>, the
    /// 1-based character of <c>pattern</c> where the expression goes wrong (its <c>~</c> is character 1; a parenthesis
    /// never closed is the <c>(</c> itself, the innermost when several are; another problem found only at the end is the
    /// last character; a <c>[</c> never closed is the <c>[</c> itself); absent when there is no one place (<c>tooLarge</c>,
    /// <c>unsupported</c>, or .NET giving none);
    /// <c>problem</c>, one of <c>unclosedGroup</c>, <c>unopenedGroup</c>, <c>unclosedClass</c>, <c>nothingToRepeat</c>,
    /// <c>nestedQuantifier</c>, <c>endingBackslash</c>, <c>reversedRange</c>, <c>reversedCount</c>, <c>badEscape</c>,
    /// <c>badGroup</c>, <c>unsupported</c> (a look-around, back-reference or other construct the non-backtracking
    /// engine does not run), <c>tooLarge</c> (repetitions nested or counted so far that the engine's automaton would
    /// pass its size limit, <c>(a{1000}){1000}</c>; a nested repetition such as <c>(a+)+</c> is run in linear time and
    /// accepted), <c>other</c>. The English sentence: <c>host: "~(abc" is not a valid regular expression: a
    /// parenthesis is opened and never closed (at character 2)</c>.
    /// </summary>
    /// <param name="key">The matcher's key (<c>host</c>).</param>
    /// <param name="value">The value as typed, <c>~</c> first.</param>
    /// <param name="error">What .NET threw: a <see cref="RegexParseException"/>, or a <see cref="NotSupportedException"/>.</param>
    public static Refusal PatternRefusal(string key, string value, Exception error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(error);
        var problem = error switch
        {
            // The engine words a construct it does not run ("… not supported in conjunction with expressions containing:
            // 'positive lookahead …'") apart from an expression it would have to unfold too far ("… could result in an
            // automata as large as '5000005' nodes, which is larger than the configured limit …"): nested or large counts.
            NotSupportedException when error.Message.Contains("automata", StringComparison.Ordinal) => "tooLarge",
            NotSupportedException => "unsupported",
            RegexParseException p => p.Error switch
            {
                RegexParseError.InsufficientClosingParentheses => "unclosedGroup",
                RegexParseError.InsufficientOpeningParentheses => "unopenedGroup",
                RegexParseError.UnterminatedBracket => "unclosedClass",
                RegexParseError.QuantifierAfterNothing => "nothingToRepeat",
                RegexParseError.NestedQuantifiersNotParenthesized => "nestedQuantifier",
                RegexParseError.UnescapedEndingBackslash => "endingBackslash",
                RegexParseError.ReversedCharacterRange => "reversedRange",
                RegexParseError.ReversedQuantifierRange => "reversedCount",
                RegexParseError.UnrecognizedEscape or RegexParseError.UnrecognizedControlCharacter or RegexParseError.UnrecognizedUnicodeProperty
                    or RegexParseError.InsufficientOrInvalidHexDigits or RegexParseError.MalformedUnicodePropertyEscape
                    or RegexParseError.InvalidUnicodePropertyEscape or RegexParseError.MissingControlCharacter => "badEscape",
                RegexParseError.InvalidGroupingConstruct or RegexParseError.AlternationHasMalformedCondition or RegexParseError.AlternationHasTooManyConditions
                    or RegexParseError.AlternationHasNamedCapture or RegexParseError.AlternationHasMalformedReference
                    or RegexParseError.AlternationHasUndefinedReference or RegexParseError.AlternationHasComment
                    or RegexParseError.UnterminatedComment or RegexParseError.CaptureGroupNameInvalid
                    or RegexParseError.CaptureGroupOfZero or RegexParseError.UndefinedNamedReference
                    or RegexParseError.UndefinedNumberedReference or RegexParseError.MalformedNamedReference => "badGroup",
                _ => "other",
            },
            _ => "other",
        };
        // A "\" typed last escapes the ")" of the wrapping, which .NET then reports as a parenthesis never closed.
        var trailing = value.Length - value.TrimEnd('\\').Length;
        if (error is RegexParseException && value.StartsWith('~') && trailing % 2 == 1)
        {
            problem = "endingBackslash";
        }

        var position = "";
        if (error is RegexParseException { Offset: >= 0 } parse && value.StartsWith('~'))
        {
            // The offset in "^(?:" + expression + ")$" → the character of "~" + expression, 1-based, at most its last.
            position = Math.Clamp(parse.Offset - WrapperPrefix + 1, 2, Math.Max(2, value.Length)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            // .NET finds a parenthesis or a class never closed at the expression's end (a class swallows the wrapping's
            // ")$"): the "(" or the "[" itself is where the technician looks.
            var open = problem switch
            {
                "unclosedGroup" => UnclosedParenthesis(value.AsSpan(1)),
                "unclosedClass" => UnclosedBracket(value.AsSpan(1)),
                _ => null,
            };
            if (open is { } index)
            {
                position = (index + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var words = problem switch
        {
            "unclosedGroup" => "a parenthesis is opened and never closed",
            "unopenedGroup" => "a parenthesis is closed that was never opened",
            "unclosedClass" => "a [ is opened and never closed",
            "nothingToRepeat" => "*, + or ? follows nothing (for a wildcard, write the value without ~, as borne-*)",
            "nestedQuantifier" => "two repetitions follow each other (such as ** or +*)",
            "endingBackslash" => "it ends with a \\ that escapes nothing",
            "reversedRange" => "a range of characters is written backwards (z-a)",
            "reversedCount" => "a count {n,m} is written backwards",
            "badEscape" => "an escape sequence (\\…) is not one",
            "badGroup" => "a group (?…) is not written correctly",
            "unsupported" => "it uses a look-around, back-reference or other construct not supported here",
            "tooLarge" => "its repetitions multiply into an expression too large to run (such as (a{1000}){1000}); use smaller counts",
            _ => "it is not one",
        };
        var sentence = $"{key}: \"{value}\" is not a valid regular expression: {words}{(position.Length > 0 ? $" (at character {position})" : "")}";
        // No place (too large, a construct not run, .NET giving none): no position at all rather than an empty one.
        return position.Length > 0
            ? Refusal.Of(RefusalCodes.MatcherRegex, sentence, ("key", key), ("pattern", value), ("position", position), ("problem", problem))
            : Refusal.Of(RefusalCodes.MatcherRegex, sentence, ("key", key), ("pattern", value), ("problem", problem));
    }

    // The 0-based index in a regular expression of the first "[" that no "]" closes, or null when every class is closed:
    // a "\" escapes the next character, inside a class too, and a "]" first in a class (after an optional "^") is a character.
    private static int? UnclosedBracket(ReadOnlySpan<char> regex)
    {
        for (var i = 0; i < regex.Length; i++)
        {
            if (regex[i] == '\\')
            {
                i++;
                continue;
            }

            if (regex[i] != '[')
            {
                continue;
            }

            var start = i;
            i += regex[(i + 1)..] is ['^', ']', ..] ? 2 : regex[(i + 1)..] is [']', ..] ? 1 : 0;
            while (++i < regex.Length && regex[i] != ']')
            {
                i += regex[i] == '\\' ? 1 : 0;
            }

            if (i >= regex.Length)
            {
                return start;
            }
        }

        return null;
    }

    // The 0-based index in a regular expression of the innermost "(" that no ")" closes, or null when every one is closed:
    // a "\" escapes the next character, and "(" and ")" inside a class ("[(]", "[^)]", "[]()]") are characters.
    private static int? UnclosedParenthesis(ReadOnlySpan<char> regex)
    {
        var open = new Stack<int>();
        for (var i = 0; i < regex.Length; i++)
        {
            switch (regex[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    // A "]" first in the class (after an optional "^") is a character, not its end.
                    i += regex[(i + 1)..] is ['^', ']', ..] ? 2 : regex[(i + 1)..] is [']', ..] ? 1 : 0;
                    while (++i < regex.Length && regex[i] != ']')
                    {
                        i += regex[i] == '\\' ? 1 : 0;
                    }

                    break;
                case '(':
                    open.Push(i);
                    break;
                case ')' when open.Count > 0:
                    open.Pop();
                    break;
            }
        }

        return open.Count > 0 ? open.Peek() : null;
    }

    /// <summary>True when every matcher accepts the alert.</summary>
    public bool Matches(AlertSnapshot alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var matcher in _matchers)
        {
            var value = matcher.Key switch
            {
                "tenant" => alert.Tenant,
                "host" => alert.Host,
                "rule" => alert.Rule,
                "severity" => History.AlertStore.Name(alert.Severity),
                _ => alert.Labels.GetValueOrDefault(matcher.Key),
            };
            if (!matcher.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
