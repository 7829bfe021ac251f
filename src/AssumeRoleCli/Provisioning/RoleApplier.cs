using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>Carries out a confirmed <see cref="RolePlan"/>, retrying IAM's 409s, telling the progress voice.</summary>
public sealed class RoleApplier
{
    private readonly IIamApi _iam;
    private readonly IApplyProgress _progress;
    private readonly IamConflictRetry _conflicts;

    public RoleApplier(IIamApi iam, IApplyProgress progress, IamConflictRetry conflicts)
    {
        _iam = iam;
        _progress = progress;
        _conflicts = conflicts;
    }

    public async Task ApplyAsync(RolePlan plan, CancellationToken ct)
    {
        try
        {
            if (plan.RoleChanges)
            {
                await ApplyRoleAsync(plan, ct);
            }

            if (plan.ScopedPolicyChange is { } action)
            {
                await ApplyScopedPolicyAsync(plan, action, ct);
            }
        }
        finally
        {
            await _progress.StoppedAsync(plan.Address);
            await _progress.StoppedAsync(plan.ScopedPolicyAddress);
        }
    }

    private async Task ApplyRoleAsync(RolePlan plan, CancellationToken ct)
    {
        var role = plan.Desired;
        var action = plan.Existing is null ? ChangeAction.Create : ChangeAction.Update;
        await _progress.StartingAsync(plan.Address, action, plan.Existing is null ? null : role.RoleName);
        if (plan.Existing is null)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedTags.ManagedByKey] = ManagedTags.ManagedByValue };
            await _conflicts.RunAsync(
                "iam:CreateRole",
                () => _iam.CreateRoleAsync(role.RoleName, role.TrustPolicy, role.Description, role.MaxSessionDurationSeconds, tags, ct),
                ct);
        }
        else
        {
            if (plan.TrustPolicyChanges)
            {
                await _conflicts.RunAsync("iam:UpdateAssumeRolePolicy", () => _iam.UpdateTrustPolicyAsync(role.RoleName, role.TrustPolicy, ct), ct);
            }

            if (plan.MaxSessionDurationChanges)
            {
                // The description goes along: an UpdateRole without it may clear it.
                await _conflicts.RunAsync("iam:UpdateRole", () => _iam.UpdateRoleAsync(role.RoleName, role.Description, role.MaxSessionDurationSeconds, ct), ct);
            }
        }

        foreach (var policy in plan.ToAttach)
        {
            await _conflicts.RunAsync("iam:AttachRolePolicy", () => _iam.AttachPolicyAsync(role.RoleName, policy.Arn, ct), ct);
        }

        foreach (var policy in plan.ToDetach)
        {
            await _conflicts.RunAsync("iam:DetachRolePolicy", () => _iam.DetachPolicyAsync(role.RoleName, policy.Arn, ct), ct);
        }

        await _progress.CompletedAsync(plan.Address, action, role.RoleName);
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
