using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Reads what teardown would destroy, changing nothing: every refusal (a role we did not create, a role that
/// cannot be deleted without the destination profile) is decided here, before a single instance is terminated.
/// </summary>
public static class TeardownPlanner
{
    /// <summary>The states in which an instance found by tag is still to be terminated.</summary>
    public static readonly IReadOnlyList<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>
    /// Looks the role up with the destination account's IAM (<paramref name="iam"/> is null when no usable
    /// destination profile exists; <paramref name="whyNoIam"/> then says why, for the error).
    /// </summary>
    public static async Task<RoleTeardown> PlanRoleAsync(IIamApi? iam, string whyNoIam, RoleArn role, bool keepRole, CancellationToken ct)
    {
        if (iam is null)
        {
            return keepRole
                ? RoleTeardown.Kept(role, RoleStatus.Unknown)
                : throw new CliException(
                    $"Deleting role {role} needs the destination profile, but {whyNoIam}. Configure a profile with credentials " +
                    $"of account {role.AccountId}, or pass --keep-role to terminate the instances only. Nothing was changed.");
        }

        var existing = await iam.GetRoleAsync(role.RoleName, ct);
        if (existing is null || !string.Equals(existing.Arn, role.ToString(), StringComparison.Ordinal))
        {
            // IAM names are unique per account whatever the path: a role of this name at another path is not the one named.
            return RoleTeardown.Kept(role, RoleStatus.Absent);
        }

        if (!ManagedTags.IsOurs(existing.Tags))
        {
            return keepRole
                ? RoleTeardown.Kept(role, RoleStatus.Foreign)
                : throw new CliException(
                    $"Role '{role.RoleName}' ({role}) was not created by AssumeRoleCli (no {ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} tag); " +
                    "teardown refuses to delete it, and nothing was changed. Pass --keep-role to terminate only the instances tagged for it.");
        }

        return keepRole
            ? RoleTeardown.Kept(role, RoleStatus.Ours)
            : new RoleTeardown(role, RoleStatus.Ours, true, await iam.ListAttachedPoliciesAsync(role.RoleName, ct));
    }

    /// <summary>
    /// Every live instance tagged for <paramref name="role"/>, plus those of <paramref name="recordedIds"/> (from
    /// the state file) that still carry our tags. An instance without both of our tags is never planned.
    /// </summary>
    public static async Task<InstanceTeardown> PlanInstancesAsync(IEc2Api ec2, RoleArn role, IReadOnlyCollection<string> recordedIds, CancellationToken ct)
    {
        var roleArn = role.ToString();
        var tagged = (await ec2.FindInstancesAsync(ManagedTags.ForInstance(roleArn), LiveStates, ct))
            .Where(i => IsTaggedFor(i, roleArn) && LiveStates.Contains(i.State))
            .ToList();
        var taggedIds = tagged.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var (described, unknown) = await DescribeRecordedAsync(ec2, recordedIds.Where(id => !taggedIds.Contains(id)).Distinct(StringComparer.Ordinal).ToList(), ct);

        var toTerminate = new List<InstanceInfo>(tagged);
        var gone = new List<string>(unknown);
        var notOurs = new List<InstanceInfo>();
        foreach (var instance in described.DistinctBy(i => i.InstanceId))
        {
            if (instance.State == "terminated")
            {
                gone.Add(instance.InstanceId);
            }
            else if (!IsTaggedFor(instance, roleArn))
            {
                notOurs.Add(instance);
            }
            else
            {
                // Includes shutting-down: terminating it again is harmless, and teardown then waits for it.
                toTerminate.Add(instance);
            }
        }

        return new InstanceTeardown(toTerminate, gone, notOurs);
    }

    /// <summary>Both of our tags, the role tag naming exactly this role.</summary>
    public static bool IsTaggedFor(InstanceInfo instance, string roleArn) =>
        ManagedTags.IsOurs(instance.Tags)
        && instance.Tags.TryGetValue(ManagedTags.RoleKey, out var taggedRole)
        && string.Equals(taggedRole, roleArn, StringComparison.Ordinal);

    /// <summary>Describes the recorded ids; those EC2 no longer knows (terminated ones vanish after about an hour) come back apart.</summary>
    private static async Task<(IReadOnlyList<InstanceInfo> Found, IReadOnlyList<string> Unknown)> DescribeRecordedAsync(
        IEc2Api ec2, List<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return ([], []);
        }

        var all = await ec2.DescribeInstancesAsync(ids, ct);
        return (all, ids.Where(id => all.All(i => i.InstanceId != id)).ToList());
    }
}
