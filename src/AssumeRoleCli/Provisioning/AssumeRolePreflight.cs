using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// What the state file knows about a role that AssumeRole would otherwise refuse later and less clearly: a --duration
/// over the role's max session duration, or a missing --external-id the role's trust requires.
/// </summary>
public static class AssumeRolePreflight
{
    /// <exception cref="SessionDurationRefusedException">--duration exceeds the recorded max session duration.</exception>
    /// <exception cref="CliException">The role requires an external id and none is given.</exception>
    public static void Check(StateDocument state, AssumeRoleSpec spec)
    {
        if (state.RoleOf(spec.Role) is not { } recorded)
        {
            return;
        }

        if (recorded.MaxSessionDurationSeconds is { } max && spec.DurationSeconds > max)
        {
            throw new SessionDurationRefusedException(spec.Role, spec.DurationSeconds, max);
        }

        if (recorded.ExternalIdRequired && spec.ExternalId is null)
        {
            throw CliException.Usage($"Role {spec.Role} trusts only callers that pass its external id (create-role --external-id): pass --external-id.");
        }
    }
}
