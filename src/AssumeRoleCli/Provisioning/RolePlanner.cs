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

    public string Address => ResourceChange.AddressOf(ResourceType, Desired.RoleName);

    public Plan ToPlan()
    {
        if (!HasChanges)
        {
            return Plan.Empty;
        }

        var wanted = Desired.Policies.Select(p => p.Arn).ToList();
        if (Existing is null)
        {
            return new Plan([new ResourceChange(ChangeAction.Create, ResourceType, Desired.RoleName,
            [
                AttributeChange.Added("arn", PlanValue.Text(Desired.RoleArn)),
                AttributeChange.Added("assume_role_policy", PlanValue.Document(Desired.TrustPolicy)),
                AttributeChange.Added("managed_policy_arns", PlanValue.Set(wanted)),
                AttributeChange.Added("name", PlanValue.Text(Desired.RoleName)),
                AttributeChange.Added("tags", PlanValue.Map(new Dictionary<string, string> { [ManagedTags.ManagedByKey] = ManagedTags.ManagedByValue })),
            ])]);
        }

        // What is attached now: the wanted policies not to be attached, plus those to be detached.
        var attached = wanted.Except(ToAttach.Select(p => p.Arn), StringComparer.Ordinal).Concat(ToDetach.Select(p => p.Arn));
        return new Plan([new ResourceChange(ChangeAction.Update, ResourceType, Desired.RoleName,
        [
            AttributeChange.Unchanged("arn", PlanValue.Text(Existing.Arn)),
            TrustPolicyChanges
                ? new AttributeChange("assume_role_policy", PlanValue.Document(Existing.TrustPolicy), PlanValue.Document(Desired.TrustPolicy))
                : AttributeChange.Unchanged("assume_role_policy", PlanValue.Document(Existing.TrustPolicy)),
            new AttributeChange("managed_policy_arns", PlanValue.Set(attached), PlanValue.Set(wanted)),
            AttributeChange.Unchanged("name", PlanValue.Text(Desired.RoleName)),
            AttributeChange.Unchanged("tags", PlanValue.Map(Existing.Tags)),
        ])]);
    }
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
