using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Carries out a confirmed <see cref="InstancePlan"/> through the assumed role's EC2 client, recording in the state
/// file what it is about to do before it does it, and what was done the moment AWS answers.
/// </summary>
public sealed class InstanceApplier
{
    private readonly IEc2Api _ec2;
    private readonly StateFile _state;
    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;

    public InstanceApplier(IEc2Api ec2, StateFile state, TimeProvider time, IApplyProgress progress)
    {
        _ec2 = ec2;
        _state = state;
        _time = time;
        _progress = progress;
    }

    /// <summary>
    /// How RunInstances is sent: by default once; for a role IAM may still be propagating, its refusals are waited out
    /// as the reads before it were (a role's policy can reach EC2's RunInstances after its Describe calls).
    /// </summary>
    public Func<Func<Task<LaunchedReservation>>, Task<LaunchedReservation>> WhileRolePropagates { get; init; } = call => call();

    /// <summary>Records the instances an interrupted launch started (found by its token tag).</summary>
    public void RecordAdopted(InstancePlan plan)
    {
        if (plan.Unfinished is { } unfinished && plan.Adopted.Count > 0)
        {
            _state.Update(s => WithInstanceIds(s, unfinished.ClientToken, plan.Adopted.Select(i => i.InstanceId).ToList()));
        }
    }

    /// <summary>
    /// Launches what the plan adds, destroys what it removes, and, unless <paramref name="timeout"/> is null, waits
    /// until every instance launched now or left pending by an earlier run is running. Returns the ids launched.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(InstancePlan plan, TimeSpan? timeout, CancellationToken ct)
    {
        try
        {
            return await LaunchAndWaitAsync(plan, timeout, ct);
        }
        finally
        {
            foreach (var address in plan.NewAddresses)
            {
                await _progress.StoppedAsync(address);
            }
        }
    }

    private async Task<IReadOnlyList<string>> LaunchAndWaitAsync(InstancePlan plan, TimeSpan? timeout, CancellationToken ct)
    {
        IReadOnlyList<InstanceInfo> started = plan.Request is { } request ? await LaunchAsync(plan, request, ct) : [];
        var launched = started.Select(i => i.InstanceId).ToList();
        if (plan.Excess.Count > 0)
        {
            await new InstanceTerminator(_time, _progress).TerminateAsync(_ec2, plan.ExcessAddresses, timeout ?? TimeSpan.FromMinutes(10), ct);
            _state.Update(s => s.WithoutInstances(plan.Spec.Role, plan.Spec.Region, plan.Excess.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal)));
        }

        var toWaitFor = launched.Concat(plan.StillPending).ToList();
        if (timeout is { } limit && toWaitFor.Count > 0)
        {
            await new InstanceWaiter(_time).WaitForStateAsync(
                _ec2,
                toWaitFor,
                "running",
                limit,
                ct,
                answered: started.Concat(plan.Running).DistinctBy(i => i.InstanceId).ToDictionary(i => i.InstanceId, i => i.State, StringComparer.Ordinal));
        }

        foreach (var (address, id) in plan.NewAddresses.Zip(launched))
        {
            await _progress.CompletedAsync(address, ChangeAction.Create, id);
        }

        return launched;
    }

    private async Task<IReadOnlyList<InstanceInfo>> LaunchAsync(InstancePlan plan, LaunchRequest request, CancellationToken ct)
    {
        var role = plan.Spec.Role;
        if (plan.ReplaysInterruptedLaunch)
        {
            await _progress.NoteAsync($"An interrupted launch (client token {request.ClientToken}) started nothing visible yet; sending its exact request again, so EC2 cannot launch twice.");
        }

        // The token and the exact request are on disk before RunInstances is sent: a rerun after a crash sends the same again.
        _state.Update(s => s with
        {
            Launches = [.. s.Launches.Where(l => l.ClientToken != request.ClientToken),
                new LaunchRecord(request.ClientToken, role.ToString(), plan.Spec.Region, request.Count, [], _time.GetUtcNow(), request)],
        });
        foreach (var address in plan.NewAddresses)
        {
            await _progress.StartingAsync(address, ChangeAction.Create);
        }

        LaunchedReservation reservation;
        try
        {
            // The same token on every attempt: EC2 cannot launch twice whichever attempt got through.
            reservation = await WhileRolePropagates(() => _ec2.RunInstancesAsync(request, ct));
        }
        catch (AmazonServiceException error) when (LaunchedNothing(error))
        {
            // EC2 refused the request itself, so nothing was launched: forget the token and the request, or a corrected
            // rerun (another --instance-type, --subnet-id) would replay them instead. (After another 5xx, a lost
            // connection, or IdempotentParameterMismatch, a launch with this token may exist: keep it, so the next run
            // finds its instances.)
            _state.Update(s => s with { Launches = s.Launches.Where(l => l.ClientToken != request.ClientToken).ToList() });
            if (error.IsIn(AwsErrorCodes.NotAuthorized))
            {
                throw new RoleNotAuthorizedException(role, $"launch instances (ec2:RunInstances) in account {role.AccountId}", error,
                    _state.Current.RoleOf(role)?.ManagedInstancesScope ?? false);
            }

            throw;
        }

        var launched = reservation.Instances.Select(i => i.InstanceId).ToList();
        _state.Update(s => WithInstanceIds(s, request.ClientToken, launched), existsInAws: $"instance(s) {string.Join(", ", launched)}");
        if (reservation.OwnerId != role.AccountId)
        {
            throw new CliException(
                $"Instances {string.Join(", ", launched)} were launched in account {reservation.OwnerId}, not in the role's account {role.AccountId}; " +
                "they are recorded in the state file, and 'assumerole teardown' removes them.");
        }

        var elsewhere = reservation.Instances.FirstOrDefault(i => i.AvailabilityZone.Length > 0 && !i.AvailabilityZone.StartsWith(plan.Spec.Region, StringComparison.Ordinal));
        if (elsewhere is not null)
        {
            throw new CliException(
                $"Instance {elsewhere.InstanceId} was launched in {elsewhere.AvailabilityZone}, not in region {plan.Spec.Region}; " +
                "it is recorded in the state file, and 'assumerole teardown' removes it.");
        }

        await _progress.NoteAsync($"Launched {string.Join(", ", launched)} in account {reservation.OwnerId} (the reservation's owner), {plan.Spec.Region}, as {role.RoleName}.");
        return reservation.Instances;
    }

    /// <summary>A definite refusal: a 4xx other than IdempotentParameterMismatch, or a capacity refusal (a 500 that made nothing).</summary>
    private static bool LaunchedNothing(AmazonServiceException error) =>
        ((int)error.StatusCode is >= 400 and < 500 && !error.Is(AwsErrorCodes.IdempotentParameterMismatch)) || error.IsIn(AwsErrorCodes.NoCapacity);

    private static StateDocument WithInstanceIds(StateDocument state, string clientToken, IReadOnlyList<string> ids) => state with
    {
        Launches = state.Launches.Select(l => l.ClientToken == clientToken ? l with { InstanceIds = ids } : l).ToList(),
    };
}
