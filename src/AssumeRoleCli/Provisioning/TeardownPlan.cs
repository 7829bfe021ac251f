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
/// The role half of a teardown. <see cref="Delete"/> is true only for a role of ours when --keep-role was not
/// given; <see cref="AttachedPolicies"/> are shown in the plan (deletion re-reads everything it detaches).
/// </summary>
public sealed record RoleTeardown(RoleArn Arn, RoleStatus Status, bool Delete, IReadOnlyList<ManagedPolicyRef> AttachedPolicies)
{
    public static RoleTeardown Kept(RoleArn arn, RoleStatus status) => new(arn, status, false, []);
}

/// <summary>
/// The instance half of a teardown. <see cref="ToTerminate"/> holds only instances tagged for this role;
/// <see cref="Gone"/> are ids the state file lists that are already terminated or unknown to EC2, and
/// <see cref="NotOurs"/> are listed ids whose instances lack our tags: both are forgotten, neither is touched.
/// </summary>
public sealed record InstanceTeardown(
    IReadOnlyList<InstanceInfo> ToTerminate,
    IReadOnlyList<string> Gone,
    IReadOnlyList<InstanceInfo> NotOurs)
{
    public IReadOnlyList<string> TerminateIds => ToTerminate.Select(i => i.InstanceId).ToList();

    /// <summary>The ids the state file should no longer list once the instances are terminated.</summary>
    public IReadOnlySet<string> ToForget =>
        ToTerminate.Select(i => i.InstanceId).Concat(Gone).Concat(NotOurs.Select(i => i.InstanceId)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Teardown as data: every change is a deletion, rendered and confirmed before anything happens.</summary>
public sealed record TeardownPlan(RoleArn Role, InstanceTeardown Instances, RoleTeardown RoleHalf)
{
    public const string InstanceResourceType = "aws_instance";
    public const string RoleResourceType = "aws_iam_role";

    public static string InstanceAddress(string instanceId) => $"{InstanceResourceType}.{instanceId}";

    public static string RoleAddress(RoleArn role) => $"{RoleResourceType}.{role.RoleName}";

    /// <summary>All the roles' teardowns as one plan, rendered and confirmed once.</summary>
    public static Plan Combine(IEnumerable<TeardownPlan> plans) => new(plans.SelectMany(p => p.ToPlan().Changes).ToList());

    public Plan ToPlan()
    {
        var changes = Instances.ToTerminate
            .Select(i => new ResourceChange(ChangeAction.Delete, InstanceResourceType, i.InstanceId,
            [
                AttributeChange.Unchanged("id", Quote(i.InstanceId)),
                AttributeChange.Unchanged("instance_type", Quote(i.InstanceType)),
                AttributeChange.Unchanged("state", Quote(i.State)),
            ]))
            .ToList();
        if (RoleHalf.Delete)
        {
            changes.Add(new ResourceChange(ChangeAction.Delete, RoleResourceType, Role.RoleName,
            [
                AttributeChange.Unchanged("arn", Quote(Role.ToString())),
                AttributeChange.Unchanged("name", Quote(Role.RoleName)),
                .. RoleHalf.AttachedPolicies.Select(p => AttributeChange.Unchanged("managed_policy_arn", Quote(p.Arn))),
            ]));
        }

        return new Plan(changes);
    }

    private static string Quote(string value) => $"\"{value}\"";
}
