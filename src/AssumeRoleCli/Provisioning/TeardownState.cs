using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// How the state file forgets what teardown destroyed. Pure: each method returns the same instance when nothing
/// changes, so the caller writes only when there is something to write.
/// </summary>
public static class TeardownState
{
    /// <summary>The ids the state file lists for <paramref name="role"/> in <paramref name="region"/>.</summary>
    public static IReadOnlyList<string> RecordedIds(StateDocument state, RoleArn role, string region) =>
        state.LaunchesOf(role, region).SelectMany(l => l.InstanceIds).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Regions other than <paramref name="region"/> where the state file records launches for the role: their
    /// instances, or an interrupted launch's token (it may have started some).
    /// </summary>
    public static IReadOnlyList<string> OtherRegions(StateDocument state, RoleArn role, string region) =>
        state.Launches
            .Where(l => role.Is(l.RoleArn) && l.Region != region)
            .Select(l => l.Region)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Drops <paramref name="forget"/> from the role's launches in the region. Once teardown has dealt with every
    /// instance tagged for the role, a launch left with no ids is dropped whole: its client token would otherwise
    /// hand a later launch-instance the terminated instances back.
    /// </summary>
    public static StateDocument ForgetInstances(StateDocument state, RoleArn role, string region, IReadOnlySet<string> forget)
    {
        var mine = state.LaunchesOf(role, region).ToHashSet();
        if (mine.Count == 0)
        {
            return state;
        }

        var kept = new List<LaunchRecord>();
        foreach (var launch in state.Launches)
        {
            if (!mine.Contains(launch))
            {
                kept.Add(launch);
                continue;
            }

            var remaining = launch.InstanceIds.Where(id => !forget.Contains(id)).ToList();
            if (remaining.Count > 0)
            {
                kept.Add(remaining.Count == launch.InstanceIds.Count ? launch : launch with { InstanceIds = remaining });
            }
        }

        return kept.SequenceEqual(state.Launches) ? state : state with { Launches = kept };
    }

    /// <summary>Forgets the role's record.</summary>
    public static StateDocument ForgetRole(StateDocument state, RoleArn role) =>
        state.RoleOf(role) is null ? state : state with { Roles = state.Roles.Where(r => !role.Is(r.Arn)).ToList() };
}
