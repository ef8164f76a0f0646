namespace Alpi.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: for outcomes that arrive over the network.</summary>
public static class Eventually
{
    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a non-null value or <paramref name="timeout"/> passes.</summary>
    /// <returns>The value, or null on time-out.</returns>
    public static async Task<T?> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var value = await probe();
            if (value is not null || Environment.TickCount64 > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Checks <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> passes: for a
    /// counter that another thread increments after the answer the test waited for.</summary>
    /// <returns>True when the condition held, false on time-out.</returns>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
