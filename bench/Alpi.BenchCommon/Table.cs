using System.Globalization;
using System.Text;

namespace Alpi.BenchCommon;

/// <summary>A Markdown table printed at the end of a harness, ready to paste into bench/README.md.</summary>
/// <param name="headers">The column headers; columns after the first are right-aligned.</param>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (as many cells as headers).</summary>
    public Table Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    /// <summary>The table as Markdown.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append("|---").Append(string.Concat(Enumerable.Repeat("|---:", headers.Length - 1))).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }

    /// <summary><paramref name="value"/> with thousands separators and <paramref name="decimals"/> decimals, invariant culture.</summary>
    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary><c>median (min–max)</c>.</summary>
    public static string Range(Stats stats, int decimals = 0) => $"{N(stats.Median, decimals)} ({N(stats.Min, decimals)}–{N(stats.Max, decimals)})";
}
