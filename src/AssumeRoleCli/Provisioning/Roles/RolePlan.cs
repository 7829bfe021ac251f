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

    /// <summary>The existing role's expiry tag is to be set (--ttl, and a value other than the one it has).</summary>
    public bool ExpiryChanges => Existing is not null && Desired.Expiry is { } expiry
        && (!Existing.Tags.TryGetValue(ManagedTags.ExpiresAtKey, out var tagged) || tagged != expiry.Tag);

    public bool RoleChanges => Existing is null || TrustPolicyChanges || MaxSessionDurationChanges || ExpiryChanges || ToAttach.Count > 0 || ToDetach.Count > 0;

    /// <summary>What happens to the scoped inline policy; null when nothing does.</summary>
    public ChangeAction? ScopedPolicyChange => (ExistingScopedPolicy, Desired.ScopedPolicy) switch
    {
        (null, not null) => ChangeAction.Create,
        (not null, null) => ChangeAction.Delete,
        ({ } existing, { } desired) when !PolicyDocument.AreEquivalent(existing, desired) => ChangeAction.Update,
        _ => null,
    };

    public bool HasChanges => RoleChanges || ScopedPolicyChange is not null;

    public string Address => ResourceChange.AddressOf(ResourceType, Desired.RoleName);

    /// <summary>A role's address, in every plan that names it: <c>aws_iam_role.NAME</c>.</summary>
    public static string AddressOf(RoleArn role) => ResourceChange.AddressOf(ResourceType, role.RoleName);

    public string ScopedPolicyName => ScopedPolicyNameOf(Desired.RoleName);

    public string ScopedPolicyAddress => ScopedPolicyAddressOf(Desired.RoleName);

    /// <summary>The scoped inline policy's resource name, the same in create-role's and teardown's plans.</summary>
    public static string ScopedPolicyNameOf(string roleName) => $"{roleName}_managed_instances";

    public static string ScopedPolicyAddressOf(string roleName) => ResourceChange.AddressOf(InlinePolicyResourceType, ScopedPolicyNameOf(roleName));

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
        AttributeChange.Added("arn", Desired.RoleArn is { } arn ? PlanValue.Text(arn) : PlanValue.KnownAfterApply),
        AttributeChange.Added("assume_role_policy", PlanValue.Document(TrustPolicy.Redacted(Desired.TrustPolicy))),
        AttributeChange.Added("managed_policy_arns", PlanValue.Set(Desired.Policies.Select(p => p.Arn))),
        AttributeChange.Added("max_session_duration", PlanValue.Text(Seconds(Desired.MaxSessionDurationSeconds))),
        AttributeChange.Added("name", PlanValue.Text(Desired.RoleName)),
        AttributeChange.Added("tags", PlanValue.Map(Desired.Tags)),
    ]);

    private ResourceChange RoleUpdated(IamRole existing)
    {
        var wanted = Desired.Policies.Select(p => p.Arn).ToList();

        // What is attached now: the wanted policies not to be attached, plus those to be detached.
        var attached = wanted.Except(ToAttach.Select(p => p.Arn), StringComparer.Ordinal).Concat(ToDetach.Select(p => p.Arn));
        var (before, after) = (TrustPolicy.Redacted(existing.TrustPolicy), TrustPolicy.Redacted(Desired.TrustPolicy));
        var attributes = new List<AttributeChange>
        {
            AttributeChange.Unchanged("arn", PlanValue.Text(existing.Arn)),
            TrustPolicyChanges
                ? new AttributeChange("assume_role_policy", PlanValue.Document(before), PlanValue.Document(after))
                : AttributeChange.Unchanged("assume_role_policy", PlanValue.Document(before)),
            new AttributeChange("managed_policy_arns", PlanValue.Set(attached), PlanValue.Set(wanted)),
            new AttributeChange("max_session_duration", PlanValue.Text(Seconds(existing.MaxSessionDurationSeconds)), PlanValue.Text(Seconds(Desired.MaxSessionDurationSeconds))),
            AttributeChange.Unchanged("name", PlanValue.Text(Desired.RoleName)),
            new AttributeChange("tags", PlanValue.Map(existing.Tags), PlanValue.Map(TagsAfter(existing))),
        };
        if (TrustPolicyChanges && string.Equals(before, after, StringComparison.Ordinal))
        {
            // Only the external id differs, and neither value may be shown.
            attributes.Add(new AttributeChange("external_id", PlanValue.Text(TrustPolicy.SensitiveValue), PlanValue.Text($"{TrustPolicy.SensitiveValue} (changed)")));
        }

        return new ResourceChange(ChangeAction.Update, ResourceType, Desired.RoleName, attributes);
    }

    /// <summary>The role's tags once applied: as they are, with the expiry --ttl sets (TagRole changes only that key).</summary>
    private Dictionary<string, string> TagsAfter(IamRole existing)
    {
        var tags = new Dictionary<string, string>(existing.Tags, StringComparer.Ordinal);
        if (ExpiryChanges)
        {
            tags[ManagedTags.ExpiresAtKey] = Desired.Expiry!.Tag;
        }

        return tags;
    }

    private ResourceChange ScopedPolicyChanged(ChangeAction action)
    {
        var name = PlanValue.Text(ManagedInstancesPolicy.PolicyName);
        var role = PlanValue.Text(Desired.RoleName);
        AttributeChange[] attributes = action switch
        {
            ChangeAction.Create =>
            [
                AttributeChange.Added("name", name),
                AttributeChange.Added("policy", PlanValue.Document(Desired.ScopedPolicy!)),
                AttributeChange.Added("role", role),
            ],
            ChangeAction.Update =>
            [
                AttributeChange.Unchanged("name", name),
                new AttributeChange("policy", PlanValue.Document(ExistingScopedPolicy!), PlanValue.Document(Desired.ScopedPolicy!)),
                AttributeChange.Unchanged("role", role),
            ],
            _ =>
            [
                AttributeChange.Removed("name", name),
                AttributeChange.Removed("policy", PlanValue.Document(ExistingScopedPolicy!)),
                AttributeChange.Removed("role", role),
            ],
        };
        return new ResourceChange(action, InlinePolicyResourceType, ScopedPolicyName, attributes);
    }

    private static string Seconds(int seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
