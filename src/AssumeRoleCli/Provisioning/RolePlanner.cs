using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>The role create-role should leave behind.</summary>
public sealed record RoleSpec(string RoleName, string RoleArn, string SourceAccountId, string TrustPolicy, IReadOnlyList<ManagedPolicyRef> Policies);

/// <summary>
/// The difference between the wanted role and the one that exists, as data. <see cref="Existing"/> is null when
/// the role is to be created.
/// </summary>
public sealed record RolePlan(
    RoleSpec Desired,
    IamRole? Existing,
    bool TrustPolicyChanges,
    IReadOnlyList<ManagedPolicyRef> ToAttach,
    IReadOnlyList<ManagedPolicyRef> ToDetach)
{
    public const string ResourceType = "aws_iam_role";

    public bool HasChanges => Existing is null || TrustPolicyChanges || ToAttach.Count > 0 || ToDetach.Count > 0;

    public string Address => $"{ResourceType}.{Desired.RoleName}";

    public Plan ToPlan()
    {
        if (!HasChanges)
        {
            return Plan.Empty;
        }

        var attributes = new List<AttributeChange>();
        if (Existing is null)
        {
            attributes.Add(AttributeChange.Added("name", Quote(Desired.RoleName)));
            attributes.Add(AttributeChange.Added("assume_role_policy", Desired.TrustPolicy));
            attributes.AddRange(Desired.Policies.Select(p => AttributeChange.Added("managed_policy_arn", Quote(p.Arn))));
            attributes.Add(AttributeChange.Added("tags", $"{{ {Quote(ManagedTags.ManagedByKey)} = {Quote(ManagedTags.ManagedByValue)} }}"));
            return new Plan([new ResourceChange(ChangeAction.Create, ResourceType, Desired.RoleName, attributes)]);
        }

        attributes.Add(AttributeChange.Unchanged("name", Quote(Desired.RoleName)));
        if (TrustPolicyChanges)
        {
            attributes.Add(new AttributeChange("assume_role_policy", Existing.TrustPolicy, Desired.TrustPolicy));
        }

        attributes.AddRange(ToAttach.Select(p => AttributeChange.Added("managed_policy_arn", Quote(p.Arn))));
        attributes.AddRange(ToDetach.Select(p => AttributeChange.Removed("managed_policy_arn", Quote(p.Arn))));
        return new Plan([new ResourceChange(ChangeAction.Update, ResourceType, Desired.RoleName, attributes)]);
    }

    private static string Quote(string value) => $"\"{value}\"";
}

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
        var wanted = desired.Policies.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var present = attached.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        return new RolePlan(
            desired,
            existing,
            !TrustPolicy.AreEquivalent(existing.TrustPolicy, desired.TrustPolicy),
            desired.Policies.Where(p => !present.Contains(p.Arn)).ToList(),
            attached.Where(p => !wanted.Contains(p.Arn)).ToList());
    }
}
