using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Carries out the role's part of a confirmed <see cref="TeardownPlan"/> (its instances go by
/// <see cref="InstanceTerminator"/>), one part at a time, so the caller can record each part as soon as it is done. Progress goes to the one progress voice; nothing here knows the console.
/// </summary>
public sealed class TeardownApplier
{
    private readonly IApplyProgress _progress;
    private readonly IamConflictRetry _conflicts;

    public TeardownApplier(IApplyProgress progress, IamConflictRetry conflicts)
    {
        _progress = progress;
        _conflicts = conflicts;
    }

    /// <summary>
    /// Deletes the scoped inline policy the plan listed (DeleteRolePolicy), before the role: IAM refuses DeleteRole
    /// while a role has one. Returns false when the plan listed none, or it was already gone.
    /// </summary>
    public async Task<bool> DeleteScopedPolicyAsync(IIamApi iam, RoleTeardown role, CancellationToken ct, string? module = null)
    {
        if (role.ScopedPolicy is null)
        {
            return false;
        }

        var name = role.Arn.RoleName;
        var address = ResourceModule.Prefix(module, role.ScopedPolicyAddress);
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
    public async Task<bool> DeleteRoleAsync(IIamApi iam, RoleTeardown role, CancellationToken ct, string? module = null)
    {
        var name = role.Arn.RoleName;
        var address = ResourceModule.Prefix(module, RolePlan.AddressOf(role.Arn));
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
