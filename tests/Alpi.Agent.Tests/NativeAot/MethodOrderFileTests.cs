using System.Text;
using Alpi.Protocols.Snmp.Manager;
using FluentAssertions;
using NUnit.Framework;

namespace Alpi.Agent.Tests.NativeAot;

/// <summary>
/// <c>Alpi.Agent/method-order.txt</c>, the Native AOT build's method layout (ILC's <c>IlcOrderFile</c>): recorded from
/// the running agent by <c>bench/agent-footprint/record-method-order.sh</c>. ILC ignores names the build no longer has,
/// so a stale file builds and runs but lays out less, and the agent keeps megabytes more code resident; these tests
/// notice when the agent's and the protocols' own entries no longer name types of the code.
/// </summary>
public sealed class MethodOrderFileTests
{
    private const string Rerun = "re-run bench/agent-footprint/record-method-order.sh after changing the agent's collection round";

    [Test]
    public void File_ListsEachSymbolOnce()
    {
        var symbols = Symbols();

        symbols.Should().HaveCountGreaterThan(500, "a round runs about a thousand functions; " + Rerun);
        symbols.Should().OnlyHaveUniqueItems();
        symbols.Should().OnlyContain(s => !s.Any(char.IsWhiteSpace), "each line is one symbol");
    }

    [TestCase("Alpi_Agent_", typeof(AgentOptions))]
    [TestCase("Alpi_Protocols_", typeof(SnmpClient))]
    public void OwnEntries_StillNameTypesOfTheCode(string modulePrefix, Type typeOfTheAssembly)
    {
        var entries = Symbols().Where(s => s.StartsWith(modulePrefix, StringComparison.Ordinal)).ToList();
        var typePrefixes = typeOfTheAssembly.Assembly.GetTypes().Select(t => modulePrefix + Sanitized(t.FullName!)).ToList();

        var stale = entries.Where(s => !typePrefixes.Any(p => s.StartsWith(p + "__", StringComparison.Ordinal) || s.StartsWith(p + "<", StringComparison.Ordinal)))
            .ToList();

        entries.Should().HaveCountGreaterThan(5, Rerun);
        stale.Count.Should().BeLessThanOrEqualTo(entries.Count / 10,
            $"{stale.Count} of {entries.Count} entries name no type of {typeOfTheAssembly.Assembly.GetName().Name} (first: {string.Join(", ", stale.Take(3))}); {Rerun}");
    }

    [Test]
    public void Sanitized_MangledAsIlcNamesTypes()
    {
        // Symbols seen in the recorded file: nested, compiler-generated and generic types.
        Sanitized("Alpi.Agent.Collection.CollectionLoop+<ExecuteAsync>d__8").Should().Be("Alpi_Agent_Collection_CollectionLoop__ExecuteAsync_d__8");
        Sanitized("Alpi.Agent.Publishing.AgentMqttClientOptions+<>c__DisplayClass3_0").Should().Be("Alpi_Agent_Publishing_AgentMqttClientOptions___c__DisplayClass3_0");
        Sanitized("Alpi.Agent.Collectors.Wireless.WirelessCollector+<RunParsedAsync>d__20`1").Should().Be("Alpi_Agent_Collectors_Wireless_WirelessCollector__RunParsedAsync_d__20_1");
    }

    /// <summary>A type's full name as ILC's name mangler writes it: every character but letters, digits and '_' becomes '_'.</summary>
    private static string Sanitized(string fullName)
    {
        var builder = new StringBuilder(fullName.Length);
        foreach (var c in fullName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    private static List<string> Symbols() =>
        File.ReadAllLines(Path.Combine(RepoRoot(), "Alpi.Agent", "method-order.txt")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alpi.Agent", "method-order.txt")))
            {
                return directory.FullName;
            }
        }

        throw new FileNotFoundException("Alpi.Agent/method-order.txt not found above " + AppContext.BaseDirectory);
    }
}
