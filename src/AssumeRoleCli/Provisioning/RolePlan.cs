using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The difference between the wanted role and the one that exists, as data. <see cref="Existing"/> is null when
/// the role is to be created. The role's scoped inline policy is a resource of its own, as in Terraform
/// (<c>aws_iam_role_policy</c>).
/// </summary>
public sealed record RolePlan(
    RoleSpec Desired,
    IamRole? Existing,
    bool TrustPolicyChanges,
    IReadOnlyList<ManagedPolicyRef> ToAttach,
    IReadOnlyList<ManagedPolicyRef> ToDetach)
{
    public const string ResourceType = "aws_iam_role";
    public const string InlinePolicyResourceType = "aws_iam_role_policy";

    public bool MaxSessionDurationChanges { get; init; }

    /// <summary>The role's <see cref="ManagedInstancesPolicy.PolicyName"/> inline policy as it is; null when it has none.</summary>
    public string? ExistingScopedPolicy { get; init; }

    public bool RoleChanges => Existing is null || TrustPolicyChanges || MaxSessionDurationChanges || ToAttach.Count > 0 || ToDetach.Count > 0;

    /// <summary>What happens to the scoped inline policy; null when nothing does.</summary>
    public ChangeAction? ScopedPolicyChange => (ExistingScopedPolicy, Desired.ScopedPolicy) switch
    {
        (null, not null) => ChangeAction.Create,
        (not null, null) => ChangeAction.Delete,
        ({ } existing, { } desired) when !PolicyDocument.AreEquivalent(existing, desired) => ChangeAction.Update,
        _ => null,
    };

    public bool HasChanges => RoleChanges || ScopedPolicyChange is not null;

    public string Address => $"{ResourceType}.{Desired.RoleName}";

    public string ScopedPolicyName => $"{Desired.RoleName}_managed_instances";

    public string ScopedPolicyAddress => $"{InlinePolicyResourceType}.{ScopedPolicyName}";

    public Plan ToPlan()
    {
        var changes = new List<ResourceChange>();
        if (RoleChanges)
        {
            changes.Add(Existing is null ? RoleCreated() : RoleUpdated(Existing));
        }

        if (ScopedPolicyChange is { } action)
        {
            changes.Add(ScopedPolicyChanged(action));
        }

        return changes.Count == 0 ? Plan.Empty : new Plan(changes);
    }

    private ResourceChange RoleCreated() => new(ChangeAction.Create, ResourceType, Desired.RoleName,
    [
        AttributeChange.Added("name", Quote(Desired.RoleName)),
        AttributeChange.Added("assume_role_policy", TrustPolicy.Redacted(Desired.TrustPolicy)),
        AttributeChange.Added("max_session_duration", Seconds(Desired.MaxSessionDurationSeconds)),
        .. Desired.Policies.Select(p => AttributeChange.Added("managed_policy_arn", Quote(p.Arn))),
        AttributeChange.Added("tags", $"{{ {Quote(ManagedTags.ManagedByKey)} = {Quote(ManagedTags.ManagedByValue)} }}"),
    ]);

    private ResourceChange RoleUpdated(IamRole existing)
    {
        var attributes = new List<AttributeChange> { AttributeChange.Unchanged("name", Quote(Desired.RoleName)) };
        if (TrustPolicyChanges)
        {
            var (before, after) = (TrustPolicy.Redacted(existing.TrustPolicy), TrustPolicy.Redacted(Desired.TrustPolicy));
            attributes.Add(new AttributeChange("assume_role_policy", before, after));
            if (string.Equals(before, after, StringComparison.Ordinal))
            {
                // Only the external id differs, and neither value may be shown.
                attributes.Add(new AttributeChange("external_id", TrustPolicy.SensitiveValue, $"{TrustPolicy.SensitiveValue} (changed)"));
            }
        }

        if (MaxSessionDurationChanges)
        {
            attributes.Add(new AttributeChange("max_session_duration", Seconds(existing.MaxSessionDurationSeconds), Seconds(Desired.MaxSessionDurationSeconds)));
        }

        attributes.AddRange(ToAttach.Select(p => AttributeChange.Added("managed_policy_arn", Quote(p.Arn))));
        attributes.AddRange(ToDetach.Select(p => AttributeChange.Removed("managed_policy_arn", Quote(p.Arn))));
        return new ResourceChange(ChangeAction.Update, ResourceType, Desired.RoleName, attributes);
    }

    private ResourceChange ScopedPolicyChanged(ChangeAction action)
    {
        var fixedAttributes = new[]
        {
            AttributeChange.Unchanged("name", Quote(ManagedInstancesPolicy.PolicyName)),
            AttributeChange.Unchanged("role", Quote(Desired.RoleName)),
        };
        AttributeChange[] attributes = action switch
        {
            ChangeAction.Create =>
            [
                AttributeChange.Added("name", Quote(ManagedInstancesPolicy.PolicyName)),
                AttributeChange.Added("role", Quote(Desired.RoleName)),
                AttributeChange.Added("policy", Desired.ScopedPolicy!),
            ],
            ChangeAction.Update => [.. fixedAttributes, new AttributeChange("policy", ExistingScopedPolicy, Desired.ScopedPolicy)],
            _ => [.. fixedAttributes, AttributeChange.Unchanged("policy", ExistingScopedPolicy!)],
        };
        return new ResourceChange(action, InlinePolicyResourceType, ScopedPolicyName, attributes);
    }

    private static string Seconds(int seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Quote(string value) => $"\"{value}\"";
}
