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
    private readonly IWaitClock _clock;
    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;

    public InstanceApplier(IEc2Api ec2, StateFile state, IWaitClock clock, TimeProvider time, IApplyProgress progress)
    {
        _ec2 = ec2;
        _state = state;
        _clock = clock;
        _time = time;
        _progress = progress;
    }

    /// <summary>Records the instances an interrupted launch started (found by its token tag).</summary>
    public void RecordAdopted(InstancePlan plan)
    {
        if (plan.Unfinished is { } unfinished && plan.Adopted.Count > 0)
        {
            _state.Update(s => WithInstanceIds(s, unfinished.ClientToken, plan.Adopted.Select(i => i.InstanceId).ToList()));
        }
    }

    /// <summary>Launches what the plan adds and, unless <paramref name="timeout"/> is null, waits until it is running.</summary>
    public async Task<IReadOnlyList<string>> LaunchAsync(InstancePlan plan, TimeSpan? timeout, CancellationToken ct)
    {
        var role = plan.Spec.Role;

        // The token is on disk before RunInstances is sent: a rerun after a crash finds or reuses it, never launching twice.
        _state.Update(s => s with
        {
            Launches = [.. s.Launches.Where(l => l.ClientToken != plan.ClientToken),
                new LaunchRecord(plan.ClientToken, role.ToString(), plan.Spec.Region, plan.ToLaunch, [], _time.GetUtcNow())],
        });
        var addresses = plan.NewAddresses;
        foreach (var address in addresses)
        {
            await _progress.StartingAsync(address, ChangeAction.Create);
        }

        LaunchedReservation reservation;
        try
        {
            reservation = await _ec2.RunInstancesAsync(ToRequest(plan), ct);
        }
        catch (AmazonServiceException error) when ((int)error.StatusCode is >= 400 and < 500)
        {
            // EC2 refused the request itself, so nothing was launched: forget the token, or a corrected rerun would
            // reuse it with other parameters. (After a 5xx or a lost connection the outcome is unknown: keep it.)
            _state.Update(s => s with { Launches = s.Launches.Where(l => l.ClientToken != plan.ClientToken).ToList() });
            if (error.IsIn(AwsErrorCodes.NotAuthorized))
            {
                throw new RoleNotAuthorizedException(role, $"launch instances (ec2:RunInstances) in account {role.AccountId}", error);
            }

            throw;
        }

        var launched = reservation.Instances.Select(i => i.InstanceId).ToList();
        _state.Update(s => WithInstanceIds(s, plan.ClientToken, launched));
        if (reservation.OwnerId != role.AccountId)
        {
            throw new CliException(
                $"Instances {string.Join(", ", launched)} were launched in account {reservation.OwnerId}, not in the role's account {role.AccountId}; " +
                "they are recorded in the state file, and 'assumerole teardown' removes them.");
        }

        await _progress.NoteAsync($"Launched {string.Join(", ", launched)} in account {reservation.OwnerId} (the reservation's owner) as {role.RoleName}.");
        var named = addresses.Zip(launched).ToList();
        if (timeout is { } limit)
        {
            await new InstanceWaiter(_clock).WaitForStateAsync(
                _ec2,
                launched,
                "running",
                limit,
                async elapsed =>
                {
                    foreach (var (address, _) in named)
                    {
                        await _progress.StillRunningAsync(address, ChangeAction.Create, elapsed);
                    }
                },
                ct);
        }

        foreach (var (address, id) in named)
        {
            await _progress.CompletedAsync(address, ChangeAction.Create, id);
        }

        return launched;
    }

    private static LaunchRequest ToRequest(InstancePlan plan) => new(
        plan.Image.ImageId,
        plan.Spec.InstanceType,
        plan.ToLaunch,
        plan.ClientToken,
        plan.Spec.SubnetId,
        plan.Spec.SecurityGroupIds,
        plan.Spec.KeyName,
        plan.Tags());

    private static StateDocument WithInstanceIds(StateDocument state, string clientToken, IReadOnlyList<string> ids) => state with
    {
        Launches = state.Launches.Select(l => l.ClientToken == clientToken ? l with { InstanceIds = ids } : l).ToList(),
    };
}
