using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>Waits until every instance reaches a state, describing them all in one call per poll.</summary>
public sealed class InstanceWaiter
{
    private readonly Poller _poller;

    public InstanceWaiter(TimeProvider time)
    {
        _poller = new Poller(time);
    }

    /// <summary>
    /// Returns once all instances are in <paramref name="targetState"/>. Throws <see cref="CliException"/>
    /// naming each id and its last state after <paramref name="timeout"/>, or when an instance reaches a state it
    /// can never leave for the target (e.g. terminated while waiting for running).
    /// </summary>
    /// <param name="answered">
    /// The states the change call itself answered (RunInstances, TerminateInstances), id → state: when they already
    /// show every instance in the target state nothing is polled; else the first poll is at once (EC2 may be done
    /// by the time the answer has arrived), then after 1 s, 2 s, 4 s, 5 s...
    /// </param>
    public async Task WaitForStateAsync(
        IEc2Api ec2,
        IReadOnlyCollection<string> ids,
        string targetState,
        TimeSpan timeout,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? answered = null)
    {
        if (answered is not null)
        {
            if (ids.FirstOrDefault(id => answered.TryGetValue(id, out var state) && IsDeadEnd(state, targetState)) is { } dead)
            {
                throw new CliException($"Instance {dead} is {answered[dead]}; it will never be {targetState}.");
            }

            if (ids.All(id => answered.TryGetValue(id, out var state) && state == targetState))
            {
                return;
            }
        }

        try
        {
            await _poller.WaitAsync(
                async token =>
                {
                    var seen = await ec2.DescribeInstancesAsync(ids, token);
                    var deadEnd = seen.FirstOrDefault(i => IsDeadEnd(i.State, targetState));
                    return deadEnd is null
                        ? seen
                        : throw new CliException($"Instance {deadEnd.InstanceId} is {deadEnd.State}{Reason(deadEnd)}; it will never be {targetState}.");
                },
                seen => ids.All(id => seen.Any(i => i.InstanceId == id && i.State == targetState)),
                timeout,
                ct);
        }
        catch (PollTimeoutException<IReadOnlyList<InstanceInfo>> timedOut)
        {
            var states = string.Join(", ", ids.Select(id => $"{id}: {timedOut.Last.FirstOrDefault(i => i.InstanceId == id)?.State ?? "not found"}"));
            throw new CliException($"Timed out after {(int)timeout.TotalSeconds}s waiting for {targetState} ({states}).", timedOut);
        }
    }

    /// <summary>Why EC2 stopped it (a KMS key it may not use, a volume limit): what the user has to fix.</summary>
    private static string Reason(InstanceInfo instance) =>
        instance.StateReason is { } reason ? $" (EC2 said {AwsErrorCodes.OneLine(reason)})" : "";

    private static bool IsDeadEnd(string state, string target) =>
        target == "running" && state is "shutting-down" or "terminated";
}
