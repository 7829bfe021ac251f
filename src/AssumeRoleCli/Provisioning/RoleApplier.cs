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
        var role = plan.Desired;
        var action = plan.Existing is null ? ChangeAction.Create : ChangeAction.Update;
        await _progress.StartingAsync(plan.Address, action, plan.Existing is null ? null : role.RoleName);
        if (plan.Existing is null)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedTags.ManagedByKey] = ManagedTags.ManagedByValue };
            await _conflicts.RunAsync(
                "iam:CreateRole",
                () => _iam.CreateRoleAsync(role.RoleName, role.TrustPolicy, $"Assumable by account {role.SourceAccountId}; managed by AssumeRoleCli", tags, ct),
                ct);
        }
        else if (plan.TrustPolicyChanges)
        {
            await _conflicts.RunAsync("iam:UpdateAssumeRolePolicy", () => _iam.UpdateTrustPolicyAsync(role.RoleName, role.TrustPolicy, ct), ct);
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
}
