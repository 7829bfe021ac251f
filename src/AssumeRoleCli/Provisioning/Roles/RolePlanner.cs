using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>The role as IAM has it, with what a plan compares: its managed policies and its scoped inline policy.</summary>
/// <param name="ScopedPolicy">Its <see cref="ManagedInstancesPolicy.PolicyName"/> inline policy; null when it has none.</param>
public sealed record ExistingRole(IamRole Role, IReadOnlyList<ManagedPolicyRef> Attached, string? ScopedPolicy);

/// <summary>Reads the role as it is and plans the difference, changing nothing. Knows nothing of the console.</summary>
public sealed class RolePlanner
{
    private readonly IIamApi _iam;

    public RolePlanner(IIamApi iam)
    {
        _iam = iam;
    }

    /// <summary>
    /// The role of this name, null when there is none; refuses one we did not create. Needs nothing but the name, so
    /// it can be read while the rest of the wanted role is still being worked out.
    /// </summary>
    public async Task<ExistingRole?> ReadAsync(string roleName, CancellationToken ct)
    {
        var existing = await _iam.GetRoleAsync(roleName, ct);
        if (existing is null)
        {
            return null;
        }

        if (!ManagedTags.IsOurs(existing.Tags))
        {
            throw new CliException(
                $"Role '{roleName}' already exists ({existing.Arn}) and was not created by AssumeRoleCli " +
                $"(no {ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} tag); it was left untouched. Choose another --role-name.");
        }

        // Independent reads: asked at once.
        var attached = _iam.ListAttachedPoliciesAsync(roleName, ct);
        var scopedPolicy = _iam.GetInlinePolicyAsync(roleName, ManagedInstancesPolicy.PolicyName, ct);
        await Task.WhenAll(attached, scopedPolicy);
        return new ExistingRole(existing, await attached, await scopedPolicy);
    }

    /// <summary>The difference between <paramref name="desired"/> and the role as <see cref="ReadAsync"/> found it.</summary>
    public static RolePlan Plan(RoleSpec desired, ExistingRole? existing)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (existing is null)
        {
            return new RolePlan(desired, null, false, desired.Policies, []);
        }

        var wanted = desired.Policies.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var present = existing.Attached.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        return new RolePlan(
            desired,
            existing.Role,
            !PolicyDocument.AreEquivalent(existing.Role.TrustPolicy, desired.TrustPolicy),
            desired.Policies.Where(p => !present.Contains(p.Arn)).ToList(),
            existing.Attached.Where(p => !wanted.Contains(p.Arn)).ToList())
        {
            MaxSessionDurationChanges = existing.Role.MaxSessionDurationSeconds != desired.MaxSessionDurationSeconds,
            ExistingScopedPolicy = existing.ScopedPolicy,
        };
    }
}
