using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>A clock whose delays pass instantly and are recorded.</summary>
internal sealed class FakeWaitClock : IWaitClock
{
    public TimeSpan Elapsed { get; private set; }

    public List<TimeSpan> Delays { get; } = [];

    public Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Delays.Add(delay);
        Elapsed += delay;
        return Task.CompletedTask;
    }
}
