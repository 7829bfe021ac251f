using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Terminates instances of ours and waits until EC2 says they are gone: teardown's instances and launch-instance's
/// scale-down alike. Progress goes to the one progress voice.
/// </summary>
public sealed class InstanceTerminator
{
    public const string Terminated = "terminated";

    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;

    public InstanceTerminator(TimeProvider time, IApplyProgress progress)
    {
        _time = time;
        _progress = progress;
    }

    /// <summary>
    /// Terminates every instance in one call and waits until all are terminated (the progress voice says "Still
    /// destroying..." every 10 seconds meanwhile). Throws <see cref="CliException"/> after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="addressOf">Each instance's address in the plan, for the progress lines.</param>
    public Task<IReadOnlyList<string>> TerminateAsync(
        IEc2Api ec2, IReadOnlyList<string> instanceIds, Func<string, string> addressOf, TimeSpan timeout, CancellationToken ct) =>
        TerminateAsync(ec2, instanceIds.Select(id => (addressOf(id), id)).ToList(), timeout, ct);

    /// <summary>The same, each instance given with the address its plan gave it.</summary>
    public async Task<IReadOnlyList<string>> TerminateAsync(IEc2Api ec2, IReadOnlyList<(string Address, string Id)> instances, TimeSpan timeout, CancellationToken ct)
    {
        if (instances.Count == 0)
        {
            return [];
        }

        var instanceIds = instances.Select(i => i.Id).ToList();
        try
        {
            foreach (var (address, id) in instances)
            {
                await _progress.StartingAsync(address, ChangeAction.Delete, id);
            }

            var answered = await ec2.TerminateInstancesAsync(instanceIds, ct);
            await new InstanceWaiter(_time).WaitForStateAsync(ec2, instanceIds, Terminated, timeout, ct, answered);
            foreach (var (address, _) in instances)
            {
                await _progress.CompletedAsync(address, ChangeAction.Delete);
            }
        }
        finally
        {
            foreach (var (address, _) in instances)
            {
                await _progress.StoppedAsync(address);
            }
        }

        return instanceIds;
    }
}
