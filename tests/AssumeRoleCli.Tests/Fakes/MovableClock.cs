namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// A clock whose "now" (GetUtcNow) a test sets and moves on, to pass an expiry without waiting; timers and
/// timestamps stay the system's, so the polls and waits of a run against moto behave as in every other test.
/// </summary>
internal sealed class MovableClock : TimeProvider
{
    public MovableClock(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
