using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>Reads the role as it is and plans the difference, changing nothing. Knows nothing of the console.</summary>
public sealed class RolePlanner
{
    private readonly IIamApi _iam;

    public RolePlanner(IIamApi iam)
    {
        _iam = iam;
    }

    public async Task<RolePlan> PlanAsync(RoleSpec desired, CancellationToken ct)
    {
        var existing = await _iam.GetRoleAsync(desired.RoleName, ct);
        if (existing is null)
        {
            return new RolePlan(desired, null, false, desired.Policies, []);
        }

        if (!ManagedTags.IsOurs(existing.Tags))
        {
            throw new CliException(
                $"Role '{desired.RoleName}' already exists ({existing.Arn}) and was not created by AssumeRoleCli " +
                $"(no {ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} tag); it was left untouched. Choose another --role-name.");
        }

        var attached = await _iam.ListAttachedPoliciesAsync(desired.RoleName, ct);
        var scopedPolicy = await _iam.GetInlinePolicyAsync(desired.RoleName, ManagedInstancesPolicy.PolicyName, ct);
        var wanted = desired.Policies.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var present = attached.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        return new RolePlan(
            desired,
            existing,
            !PolicyDocument.AreEquivalent(existing.TrustPolicy, desired.TrustPolicy),
            desired.Policies.Where(p => !present.Contains(p.Arn)).ToList(),
            attached.Where(p => !wanted.Contains(p.Arn)).ToList())
        {
            MaxSessionDurationChanges = existing.MaxSessionDurationSeconds != desired.MaxSessionDurationSeconds,
            ExistingScopedPolicy = scopedPolicy,
        };
    }
}
