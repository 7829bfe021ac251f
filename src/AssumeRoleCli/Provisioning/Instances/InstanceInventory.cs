using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The instances of a role, as EC2 knows them: every live one tagged for the role, plus those the state file records.
/// An instance without both of our tags is never counted as ours.
/// </summary>
public static class InstanceInventory
{
    /// <summary>The states in which an instance found by tag is still to be terminated.</summary>
    public static readonly IReadOnlyList<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>
    /// Every live instance tagged for <paramref name="role"/>, plus those of <paramref name="recordedIds"/> (from
    /// the state file, in the order it lists them) that still carry our tags; the recorded ones that are gone or not
    /// ours come back apart. Each is numbered for its address.
    /// </summary>
    public static async Task<RoleInstances> FindAsync(IEc2Api ec2, RoleArn role, IReadOnlyCollection<string> recordedIds, CancellationToken ct)
    {
        var tagged = (await ec2.FindInstancesAsync(ManagedTags.ForInstance(role.ToString()), LiveStates, ct))
            .Where(i => IsTaggedFor(i, role) && LiveStates.Contains(i.State))
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
            else if (!IsTaggedFor(instance, role))
            {
                notOurs.Add(instance);
            }
            else
            {
                // Includes shutting-down: terminating it again is harmless, and teardown then waits for it.
                toTerminate.Add(instance);
            }
        }

        return new RoleInstances(toTerminate, gone, notOurs, InstanceAddresses.Assign(recordedIds, toTerminate.Concat(notOurs)));
    }

    /// <summary>Both of our tags, the role tag naming exactly this role.</summary>
    public static bool IsTaggedFor(InstanceInfo instance, RoleArn role) =>
        ManagedTags.IsOurs(instance.Tags)
        && instance.Tags.TryGetValue(ManagedTags.RoleKey, out var taggedRole)
        && role.Is(taggedRole);

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
