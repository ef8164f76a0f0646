using System.Diagnostics;
using CsCheck;

namespace Alpi.Testing.Hostile;

/// <summary>
/// Runs a property over a fixed, reproducible sequence of generated inputs: one CsCheck <see cref="PCG"/> from a fixed
/// stream and state, so that every run tries exactly the same inputs (CsCheck's own <c>Sample(seed:)</c> only fixes
/// the first iteration). A failing input is reported with its CsCheck seed (to shrink it with
/// <c>gen.Sample(check, seed: …)</c>) and its printed form (to paste as a regression test).
/// </summary>
/// <remarks>
/// The per-input budget is a hang detector, not a speed assertion: it is set far above the time any input takes on a
/// loaded machine (milliseconds), so it trips only on a loop that does not end or a blow-up (quadratic, exponential)
/// on a large input.
/// </remarks>
public static class PropertyRun
{
    /// <summary>The fixed PCG stream of every property (the state is per property).</summary>
    public const uint Stream = 7;

    /// <summary>
    /// The hang detector: far above what one input takes (the slowest bomb, a line of 200,000 fields parsed twice, took
    /// 7.5 s on a 2-core machine at a load average of 30), far below what a quadratic decoder takes on it (minutes).
    /// </summary>
    public static readonly TimeSpan PerInputBudget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Generates <paramref name="count"/> inputs from the PCG (<see cref="Stream"/>, <paramref name="state"/>) and
    /// calls <paramref name="check"/> on each; returns how many inputs were tried.
    /// </summary>
    public static int Check<T>(Gen<T> gen, ulong state, int count, Action<T> check, Func<T, string> print)
    {
        var pcg = new PCG(Stream, state);
        var slowest = TimeSpan.Zero;
        var clock = new Stopwatch();
        for (var i = 0; i < count; i++)
        {
            var seed = pcg.ToString(pcg.State);
            var input = gen.Generate(pcg, null, out _);

            // The check runs on the thread pool so that a hang fails the test instead of blocking it (the hung thread
            // is left spinning until the test process ends).
            clock.Restart();
            var run = Task.Run(() => check(input));
            bool finished;
            try
            {
                finished = run.Wait(PerInputBudget);
            }
            catch (AggregateException e) when (e.InnerException is { } inner)
            {
                Assert.Fail($"input #{i} (CsCheck seed {seed}) failed: {inner.GetType().Name}: {inner.Message}\ninput: {Shorten(print(input))}\n{inner}");
                throw;
            }

            if (!finished)
            {
                Assert.Fail($"input #{i} (CsCheck seed {seed}) still running after {PerInputBudget.TotalSeconds} s (hang detector)\ninput: {Shorten(print(input))}");
            }

            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        TestContext.Out.WriteLine($"{TestContext.CurrentContext.Test.Name}: {count} inputs tried, slowest {slowest.TotalMilliseconds:F0} ms");
        return count;
    }

    /// <summary>Octets as upper-case hex, for failure messages and regression tests.</summary>
    public static string Hex(byte[] data) => Convert.ToHexString(data);

    private static string Shorten(string text) => text.Length <= 4096 ? text : $"{text[..4096]}… ({text.Length} characters)";
}
