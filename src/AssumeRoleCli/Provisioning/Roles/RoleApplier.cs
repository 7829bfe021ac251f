using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Carries out a confirmed <see cref="RolePlan"/>, retrying IAM's 409s and its not-yet-known principals, telling the
/// progress voice.
/// </summary>
public sealed class RoleApplier
{
    private readonly IIamApi _iam;
    private readonly IApplyProgress _progress;
    private readonly IamConflictRetry _conflicts;
    private readonly Func<string, Task> _created;

    /// <param name="created">
    /// Told the new role's ARN the moment CreateRole answers, before anything else is asked of IAM: the caller records
    /// it, so a failure after that point (a refused attachment, Ctrl-C) leaves a role the state file knows.
    /// </param>
    public RoleApplier(IIamApi iam, IApplyProgress progress, IamConflictRetry conflicts, Func<string, Task>? created = null)
    {
        _iam = iam;
        _progress = progress;
        _conflicts = conflicts;
        _created = created ?? (_ => Task.CompletedTask);
    }

    /// <summary>Applies the plan; returns the role's ARN, the existing role's or, for a new one, CreateRole's answer.</summary>
    public async Task<string> ApplyAsync(RolePlan plan, CancellationToken ct)
    {
        try
        {
            var arn = plan.RoleChanges ? await ApplyRoleAsync(plan, ct) : plan.Existing!.Arn;
            if (plan.ScopedPolicyChange is { } action)
            {
                await ApplyScopedPolicyAsync(plan, action, ct);
            }

            return arn;
        }
        finally
        {
            await _progress.StoppedAsync(plan.Address);
            await _progress.StoppedAsync(plan.ScopedPolicyAddress);
        }
    }

    private async Task<string> ApplyRoleAsync(RolePlan plan, CancellationToken ct)
    {
        var role = plan.Desired;
        var action = plan.Existing is null ? ChangeAction.Create : ChangeAction.Update;
        var arn = plan.Existing?.Arn;
        await _progress.StartingAsync(plan.Address, action, plan.Existing is null ? null : role.RoleName);
        if (plan.Existing is null)
        {
            arn = (await SendingTrustPolicyAsync(
                "iam:CreateRole",
                role.RoleName,
                () => _iam.CreateRoleAsync(role.RoleName, role.TrustPolicy, role.Description, role.MaxSessionDurationSeconds, role.Tags, ct),
                ct)).Arn;
            await _created(arn);
        }
        else
        {
            if (plan.TrustPolicyChanges)
            {
                await SendingTrustPolicyAsync(
                    "iam:UpdateAssumeRolePolicy", role.RoleName, async () => { await _iam.UpdateTrustPolicyAsync(role.RoleName, role.TrustPolicy, ct); return true; }, ct);
            }

            if (plan.MaxSessionDurationChanges)
            {
                // The description goes along: an UpdateRole without it may clear it.
                await _conflicts.RunAsync("iam:UpdateRole", () => _iam.UpdateRoleAsync(role.RoleName, role.Description, role.MaxSessionDurationSeconds, ct), ct);
            }

            if (plan.ExpiryChanges)
            {
                // TagRole adds or overwrites only the keys it is given: the role's other tags stay.
                var expiry = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedTags.ExpiresAtKey] = role.Expiry!.Tag };
                await _conflicts.RunAsync("iam:TagRole", () => _iam.TagRoleAsync(role.RoleName, expiry, ct), ct);
            }
        }

        foreach (var policy in plan.ToAttach)
        {
            await AttachAsync(role.RoleName, policy, ct);
        }

        foreach (var policy in plan.ToDetach)
        {
            await _conflicts.RunAsync("iam:DetachRolePolicy", () => _iam.DetachPolicyAsync(role.RoleName, policy.Arn, ct), ct);
        }

        await _progress.CompletedAsync(plan.Address, action, role.RoleName);
        return arn!;
    }

    /// <summary>
    /// CreateRole or UpdateAssumeRolePolicy: a principal IAM still does not know after the retry window is the one
    /// clear line naming it (IAM's message does).
    /// </summary>
    private async Task<T> SendingTrustPolicyAsync<T>(string operation, string roleName, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await _conflicts.RunSendingTrustPolicyAsync(operation, call, ct);
        }
        catch (AmazonServiceException error) when (error.IsUnknownPrincipal())
        {
            throw new CliException(
                $"IAM refused the trust policy of role {roleName} for {_conflicts.LimitSeconds}s: {AwsErrorCodes.Said(error).TrimEnd('.')}. " +
                "Check that each --trusted-principal names an IAM user or role that exists in the source account.");
        }
    }

    /// <summary>
    /// AttachRolePolicy; its NoSuchEntity is the one clear line naming the policy (the default policy's ARN is
    /// taken without a lookup, so this is where a partition without it says so).
    /// </summary>
    private async Task AttachAsync(string roleName, ManagedPolicyRef policy, CancellationToken ct)
    {
        try
        {
            await _conflicts.RunAsync("iam:AttachRolePolicy", () => _iam.AttachPolicyAsync(roleName, policy.Arn, ct), ct);
        }
        catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
            throw new CliException(
                $"Could not attach policy {policy.Name} ({policy.Arn}) to role {roleName}: {AwsErrorCodes.Said(error).TrimEnd('.')}. " +
                "Check --policy-name, or pass --policy-arn with a policy that exists in this partition.");
        }
    }

    private async Task ApplyScopedPolicyAsync(RolePlan plan, ChangeAction action, CancellationToken ct)
    {
        var role = plan.Desired;
        var id = $"{role.RoleName}:{ManagedInstancesPolicy.PolicyName}";
        await _progress.StartingAsync(plan.ScopedPolicyAddress, action, action == ChangeAction.Create ? null : id);
        if (role.ScopedPolicy is { } document)
        {
            await _conflicts.RunAsync("iam:PutRolePolicy", () => _iam.PutInlinePolicyAsync(role.RoleName, ManagedInstancesPolicy.PolicyName, document, ct), ct);
        }
        else
        {
            await _conflicts.RunAsync("iam:DeleteRolePolicy", () => _iam.DeleteInlinePolicyAsync(role.RoleName, ManagedInstancesPolicy.PolicyName, ct), ct);
        }

        await _progress.CompletedAsync(plan.ScopedPolicyAddress, action, id);
    }
}
