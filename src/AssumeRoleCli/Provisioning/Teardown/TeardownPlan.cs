using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>What teardown knows about the role before changing anything.</summary>
public enum RoleStatus
{
    /// <summary>Not looked up: no usable destination profile (only allowed with --keep-role).</summary>
    Unknown,

    /// <summary>No role has this ARN.</summary>
    Absent,

    /// <summary>The role exists and carries ManagedBy=AssumeRoleCli.</summary>
    Ours,

    /// <summary>The role exists and was not created by this tool: never touched.</summary>
    Foreign,
}

/// <summary>
/// What teardown decided about the role. <see cref="Delete"/> is true only for a role of ours when --keep-role was not
/// given; <see cref="AttachedPolicies"/> are shown in the plan (deletion re-reads everything it detaches).
/// <see cref="ScopedPolicy"/> is the <c>--scope managed-instances</c> inline policy's document, null when the role has
/// none: a resource of its own (<c>aws_iam_role_policy</c>), as create-role planned it, deleted before the role.
/// </summary>
public sealed record RoleTeardown(RoleArn Arn, RoleStatus Status, bool Delete, IReadOnlyList<ManagedPolicyRef> AttachedPolicies)
{
    public string? ScopedPolicy { get; init; }

    /// <summary>The role's expiry (<c>create-role --ttl</c>); null when it has none or was not read.</summary>
    public Expiry? Expiry { get; init; }

    /// <summary>The scoped inline policy's address, the one create-role's plan gave it.</summary>
    public string ScopedPolicyAddress => RolePlan.ScopedPolicyAddressOf(Arn.RoleName);

    public static RoleTeardown Kept(RoleArn arn, RoleStatus status) => new(arn, status, false, []);
}

/// <summary>Teardown as data: every change is a deletion, rendered and confirmed before anything happens.</summary>
public sealed record TeardownPlan(RoleArn Role, RoleInstances Instances, RoleTeardown RoleDecision)
{
    /// <summary>The module instance this role's resources are addressed in (<see cref="ResourceModule"/>); null: the only role.</summary>
    public string? Module { get; init; }

    /// <summary>An instance's address in this plan (and in the progress lines).</summary>
    public string AddressOf(string instanceId) => ResourceModule.Prefix(Module, Instances.AddressOf(instanceId));

    /// <summary>All the roles' teardowns as one plan, rendered and confirmed once.</summary>
    public static Plan Combine(IEnumerable<TeardownPlan> plans) =>
        new(plans.SelectMany(p => p.ToPlan().Changes).ToList()) { IsDestroy = true };

    public Plan ToPlan()
    {
        var changes = Instances.ToTerminate
            .OrderBy(i => Instances.Indexes[i.InstanceId])
            .Select(i => new ResourceChange(ChangeAction.Delete, InstanceAddresses.ResourceType, InstanceAddresses.Name,
            [
                AttributeChange.Removed("ami", PlanValue.Text(i.ImageId)),
                AttributeChange.Removed("id", PlanValue.Text(i.InstanceId)),
                AttributeChange.Removed("instance_state", PlanValue.Text(i.State)),
                AttributeChange.Removed("instance_type", PlanValue.Text(i.InstanceType)),
            ],
            Instances.Indexes[i.InstanceId]) { Module = Module })
            .ToList();
        if (RoleDecision is { Delete: true, ScopedPolicy: { } scoped })
        {
            changes.Add(new ResourceChange(ChangeAction.Delete, RolePlan.InlinePolicyResourceType, RolePlan.ScopedPolicyNameOf(Role.RoleName),
            [
                AttributeChange.Removed("name", PlanValue.Text(ManagedInstancesPolicy.PolicyName)),
                AttributeChange.Removed("policy", PlanValue.Document(scoped)),
                AttributeChange.Removed("role", PlanValue.Text(Role.RoleName)),
            ]) { Module = Module });
        }

        if (RoleDecision.Delete)
        {
            changes.Add(new ResourceChange(ChangeAction.Delete, RolePlan.ResourceType, Role.RoleName,
            [
                AttributeChange.Removed("arn", PlanValue.Text(Role.ToString())),
                AttributeChange.Removed("managed_policy_arns", PlanValue.Set(RoleDecision.AttachedPolicies.Select(p => p.Arn))),
                AttributeChange.Removed("name", PlanValue.Text(Role.RoleName)),
            ]) { Module = Module });
        }

        return new Plan(changes) { IsDestroy = true };
    }
}
