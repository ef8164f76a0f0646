using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// A fragment of HTML that is safe to write as it is. Built with <see cref="Html.Of"/> from an interpolated string,
/// whose literal parts are markup and whose holes are HTML-encoded, unless a hole is itself an <see cref="Html"/>:
/// <c>Html.Of($"&lt;p&gt;{userText}&lt;/p&gt;")</c> cannot inject markup, whatever <c>userText</c> holds.
/// </summary>
public readonly struct Html
{
    private readonly string? _value;

    private Html(string value) => _value = value;

    /// <summary>The empty fragment.</summary>
    public static Html Empty => default;

    /// <summary>The markup.</summary>
    public override string ToString() => _value ?? "";

    /// <summary>Builds a fragment: literal parts as markup, holes encoded (see the type's summary).</summary>
    public static Html Of([InterpolatedStringHandlerArgument] ref HtmlInterpolatedStringHandler handler) => new(handler.ToStringAndClear());

    /// <summary>Markup written by the portal's own code (never user input): used as it is.</summary>
    public static Html Trusted(string markup) => new(markup ?? "");

    /// <summary>Joins fragments.</summary>
    public static Html Join(IEnumerable<Html> parts) => new(string.Concat((parts ?? []).Select(p => p.ToString())));

    /// <summary>A fragment when <paramref name="condition"/> holds, else empty.</summary>
    public static Html If(bool condition, Html html) => condition ? html : Empty;
}

/// <summary>The interpolated string handler behind <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlInterpolatedStringHandler
{
    // Letters stay readable (é, not &#xE9;); markup characters and quotes are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private StringBuilder _builder;

    /// <summary>Called by the compiler.</summary>
    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _ = formattedCount;
        _builder = new StringBuilder(literalLength + 64);
    }

    /// <summary>Appends markup.</summary>
    public readonly void AppendLiteral(string value) => _builder.Append(value);

    /// <summary>Appends a fragment as it is.</summary>
    public readonly void AppendFormatted(Html value) => _builder.Append(value.ToString());

    /// <summary>Appends a value, HTML-encoded (attribute-safe: quotes are encoded too).</summary>
    public readonly void AppendFormatted<T>(T value) =>
        _builder.Append(Encoder.Encode(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    internal string ToStringAndClear()
    {
        var text = _builder.ToString();
        _builder = null!;
        return text;
    }
}
