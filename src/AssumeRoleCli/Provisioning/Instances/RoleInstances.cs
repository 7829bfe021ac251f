using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// A role's instances, as <see cref="InstanceInventory"/> found them (for status, launch-instance and teardown alike).
/// <see cref="ToTerminate"/> holds only live instances tagged for this role (what a teardown terminates);
/// <see cref="Gone"/> are ids the state file lists that are already terminated or unknown to EC2, and
/// <see cref="NotOurs"/> are listed ids whose instances lack our tags: both are forgotten, neither is touched.
/// <see cref="Indexes"/> numbers every one of them for its address (see <see cref="InstanceAddresses"/>).
/// </summary>
public sealed record RoleInstances(
    IReadOnlyList<InstanceInfo> ToTerminate,
    IReadOnlyList<string> Gone,
    IReadOnlyList<InstanceInfo> NotOurs,
    IReadOnlyDictionary<string, int> Indexes)
{
    /// <summary>The ids to terminate, in address order.</summary>
    public IReadOnlyList<string> TerminateIds => ToTerminate.Select(i => i.InstanceId).OrderBy(id => Indexes[id]).ToList();

    /// <summary>The ids the state file should no longer list once the instances are terminated.</summary>
    public IReadOnlySet<string> ToForget =>
        ToTerminate.Select(i => i.InstanceId).Concat(Gone).Concat(NotOurs.Select(i => i.InstanceId)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The instance's address, the same it had in the launch plan: <c>aws_instance.this[N]</c>.</summary>
    public string AddressOf(string instanceId) => InstanceAddresses.Of(Indexes[instanceId]);
}
