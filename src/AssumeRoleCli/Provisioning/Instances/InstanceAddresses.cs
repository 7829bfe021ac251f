using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one address an instance has from launch plan to teardown: <c>aws_instance.this[N]</c>, N counting the role's
/// instances in a region in the order the state file recorded them (launch order). The count only grows while the
/// state records the role's instances, and teardown forgets them all at once, so an instance keeps its number; an
/// instance found only by our tags (the state file lost it) continues the count, oldest first.
/// </summary>
public static class InstanceAddresses
{
    public const string ResourceType = "aws_instance";
    public const string Name = "this";

    public static string Of(int index) => ResourceChange.AddressOf(ResourceType, Name, index);

    /// <summary>The index of every recorded id, then of every other instance given.</summary>
    public static IReadOnlyDictionary<string, int> Assign(IEnumerable<string> recordedIds, IEnumerable<InstanceInfo> others)
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in recordedIds)
        {
            indexes.TryAdd(id, indexes.Count);
        }

        var unrecorded = others
            .Where(i => !indexes.ContainsKey(i.InstanceId))
            .DistinctBy(i => i.InstanceId)
            .OrderBy(i => i.LaunchTime ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.InstanceId, StringComparer.Ordinal);
        foreach (var instance in unrecorded)
        {
            indexes[instance.InstanceId] = indexes.Count;
        }

        return indexes;
    }
}
