using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Carries out a confirmed <see cref="TeardownPlan"/> one part at a time, so the caller can record each part as
/// soon as it is done. Progress goes to the one progress voice; nothing here knows the console.
/// </summary>
public sealed class TeardownApplier
{
    public const string Terminated = "terminated";

    private readonly IWaitClock _clock;
    private readonly IApplyProgress _progress;
    private readonly IamConflictRetry _conflicts;

    public TeardownApplier(IWaitClock clock, IApplyProgress progress, IamConflictRetry conflicts)
    {
        _clock = clock;
        _progress = progress;
        _conflicts = conflicts;
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
            await new InstanceWaiter(_clock).WaitForStateAsync(ec2, instanceIds, Terminated, timeout, ct, answered);
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

    /// <summary>
    /// Deletes the scoped inline policy the plan listed (DeleteRolePolicy), before the role: IAM refuses DeleteRole
    /// while a role has one. Returns false when the plan listed none, or it was already gone.
    /// </summary>
    public async Task<bool> DeleteScopedPolicyAsync(IIamApi iam, RoleTeardown role, CancellationToken ct)
    {
        if (role.ScopedPolicy is null)
        {
            return false;
        }

        var name = role.Arn.RoleName;
        var address = role.ScopedPolicyAddress;
        await _progress.StartingAsync(address, ChangeAction.Delete, $"{name}:{ManagedInstancesPolicy.PolicyName}");
        try
        {
            await _conflicts.RunAsync("iam:DeleteRolePolicy", () => iam.DeleteInlinePolicyAsync(name, ManagedInstancesPolicy.PolicyName, ct), ct);
            await _progress.CompletedAsync(address, ChangeAction.Delete);
            return true;
        }
        catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
            await _progress.StoppedAsync(address);
            await _progress.NoteAsync($"{address}: already deleted");
            return false;
        }
        finally
        {
            await _progress.StoppedAsync(address);
        }
    }

    /// <summary>
    /// Deletes the role as IAM requires: detach the managed policies the plan listed, then DeleteRole. Only when IAM
    /// answers DeleteConflict is the rest looked for (inline policies, instance profiles, policies attached since)
    /// and removed, and DeleteRole retried. A NoSuchEntity for one item means that item is gone, not the role; only
    /// DeleteRole's own NoSuchEntity does. Returns false when the role was already gone.
    /// </summary>
    public async Task<bool> DeleteRoleAsync(IIamApi iam, RoleTeardown role, CancellationToken ct)
    {
        var name = role.Arn.RoleName;
        var address = TeardownPlan.RoleAddress(role.Arn);
        await _progress.StartingAsync(address, ChangeAction.Delete, name);
        try
        {
            foreach (var policy in role.AttachedPolicies)
            {
                await IgnoringGoneAsync(() => _conflicts.RunAsync("iam:DetachRolePolicy", () => iam.DetachPolicyAsync(name, policy.Arn, ct), ct));
            }

            try
            {
                await _conflicts.RunAsync("iam:DeleteRole", () => iam.DeleteRoleAsync(name, ct), ct, _ => RemoveWhatStillBlocksAsync(iam, name, ct));
            }
            catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
            {
                await _progress.StoppedAsync(address);
                await _progress.NoteAsync($"{address}: already deleted");
                return false;
            }

            await _progress.CompletedAsync(address, ChangeAction.Delete);
            return true;
        }
        finally
        {
            await _progress.StoppedAsync(address);
        }
    }

    /// <summary>What DeleteRole's DeleteConflict may be about, removed: each list is copied before the loop changes it.</summary>
    private static async Task RemoveWhatStillBlocksAsync(IIamApi iam, string name, CancellationToken ct)
    {
        foreach (var policy in (await iam.ListAttachedPoliciesAsync(name, ct)).ToList())
        {
            await IgnoringGoneAsync(() => iam.DetachPolicyAsync(name, policy.Arn, ct));
        }

        foreach (var policyName in (await iam.ListInlinePolicyNamesAsync(name, ct)).ToList())
        {
            await IgnoringGoneAsync(() => iam.DeleteInlinePolicyAsync(name, policyName, ct));
        }

        foreach (var profile in (await iam.ListInstanceProfileNamesAsync(name, ct)).ToList())
        {
            await IgnoringGoneAsync(() => iam.RemoveFromInstanceProfileAsync(profile, name, ct));
        }
    }

    /// <summary>A NoSuchEntity while removing one item means that item is gone already (a list can lag behind).</summary>
    private static async Task IgnoringGoneAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
        }
    }
}
