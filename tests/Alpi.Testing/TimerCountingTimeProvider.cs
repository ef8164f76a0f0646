using Microsoft.Extensions.Time.Testing;

namespace Alpi.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it (<c>Task.Delay</c> and <c>PeriodicTimer</c>
/// on a <see cref="TimeProvider"/> each create one), so a test can wait until a background loop has armed its next wait
/// before it calls <see cref="FakeTimeProvider.Advance"/>. Advancing first is a race: a timer created after the advance
/// starts from the new time and fires one whole period later than the test expects.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timersCreated;

    /// <summary>Timers created so far.</summary>
    public int TimersCreated => Volatile.Read(ref _timersCreated);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }

    /// <summary>Waits, in real time, until at least <paramref name="count"/> timers have been created.</summary>
    /// <exception cref="TimeoutException">Fewer timers after 10 s of real time.</exception>
    public async Task WaitForTimersAsync(int count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (TimersCreated < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{TimersCreated} timer(s) created in 10 s, {count} expected");
            }

            await Task.Delay(5);
        }
    }
}
