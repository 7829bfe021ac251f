using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>Which role a command is about: the one named on the command line, else what the state file records.</summary>
public static class RoleTarget
{
    public const string DefaultRoleName = "assume_role";

    /// <summary>The role to assume: --role-arn, else the one role the state file records.</summary>
    public static RoleArn ToAssume(RoleArn? explicitArn, StateDocument state, string statePath)
    {
        if (explicitArn is not null)
        {
            return explicitArn;
        }

        var recorded = Recorded(state, statePath);
        return recorded.Count switch
        {
            0 => throw CliException.Usage($"No role to assume: pass --role-arn, or run 'assumerole create-role' first (state file {statePath} records none)."),
            1 => recorded[0],
            _ => throw CliException.Usage(
                $"State file {statePath} records {recorded.Count} roles ({string.Join(", ", recorded)}); pass --role-arn to say which one."),
        };
    }

    /// <summary>
    /// The roles to destroy or show: --role-arn; else --role-name in the destination account; else every role the state
    /// records; else the default role name in the destination account. <paramref name="destination"/> is null when that
    /// profile does not exist.
    /// </summary>
    /// <param name="onlyRecorded">
    /// Without --role-arn or --role-name, the roles the state records and no other, none when it records none (teardown
    /// with a state file that records nothing: what it made is destroyed, and a role of the same name is another
    /// state's). False: the default role stands in for none recorded (status; teardown without a state file).
    /// </param>
    public static IReadOnlyList<RoleArn> ToDestroy(
        RoleArn? explicitArn, string? roleName, StateDocument state, CallerIdentity? destination, string destinationProfile, string statePath, bool onlyRecorded = false)
    {
        if (explicitArn is not null)
        {
            return [explicitArn];
        }

        var recorded = Recorded(state, statePath);
        if (roleName is null && (recorded.Count > 0 || onlyRecorded))
        {
            return recorded;
        }

        var name = roleName ?? DefaultRoleName;

        // The recorded ARN keeps a role path the name alone would lose.
        var known = recorded.Where(r => r.RoleName == name && (destination is null || r.AccountId == destination.Account)).ToList();
        if (known.Count > 0)
        {
            return known;
        }

        return destination is not null
            ? [RoleArn.For(destination.Partition, destination.Account, name)]
            : throw new CliException(
                $"Cannot tell which account role '{name}' is in: the state file {statePath} does not record it and the destination profile " +
                $"'{destinationProfile}' was not found. Pass --role-arn arn:aws:iam::<account>:role/{name}.");
    }

    /// <summary>
    /// As <see cref="ToDestroy"/>, asking who the destination is (<paramref name="whoIsDestination"/>) only when the
    /// answer depends on it: not for --role-arn, nor for the roles the state records when no --role-name is given.
    /// </summary>
    public static async Task<IReadOnlyList<RoleArn>> ToDestroyAsync(
        RoleArn? explicitArn, string? roleName, StateDocument state, Func<Task<CallerIdentity?>> whoIsDestination, string destinationProfile, string statePath,
        bool onlyRecorded = false)
    {
        ArgumentNullException.ThrowIfNull(whoIsDestination);
        var needsDestination = explicitArn is null && (roleName is not null || (Recorded(state, statePath).Count == 0 && !onlyRecorded));
        return ToDestroy(explicitArn, roleName, state, needsDestination ? await whoIsDestination() : null, destinationProfile, statePath, onlyRecorded);
    }

    /// <summary>The roles the state file records, in its order; a record that is not a role ARN is refused.</summary>
    public static List<RoleArn> Recorded(StateDocument state, string statePath)
    {
        var corrupt = state.Roles.FirstOrDefault(r => !RoleArn.TryParse(r.Arn, out _));
        return corrupt is null
            ? state.RecordedRoles().Select(r => r.Arn).ToList()
            : throw new CliException($"State file {statePath} records '{corrupt.Arn}' as a role, which is not an IAM role ARN; fix the file, or pass --role-arn.");
    }
}
