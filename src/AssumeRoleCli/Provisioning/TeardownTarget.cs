using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>Which role teardown is about: the one named, else the one the state file records, else the default name.</summary>
public static class TeardownTarget
{
    /// <param name="explicitArn">--role-arn.</param>
    /// <param name="roleName">--role-name.</param>
    /// <param name="recorded">The state file's role, if any.</param>
    /// <param name="destination">The destination profile's identity, or null when that profile does not exist.</param>
    /// <param name="defaultRoleName">The name create-role uses by default.</param>
    /// <param name="destinationProfile">The destination profile's name, for the error.</param>
    /// <param name="statePath">The state file, for the error.</param>
    public static RoleArn ResolveRole(
        RoleArn? explicitArn,
        string? roleName,
        RoleRecord? recorded,
        CallerIdentity? destination,
        string defaultRoleName,
        string destinationProfile,
        string statePath)
    {
        if (explicitArn is not null)
        {
            return explicitArn;
        }

        RoleArn? recordedArn = null;
        if (recorded is not null && !RoleArn.TryParse(recorded.Arn, out recordedArn))
        {
            throw new CliException($"State file {statePath} records '{recorded.Arn}' as the role, which is not an IAM role ARN; fix the file, or pass --role-arn.");
        }

        if (roleName is null && recordedArn is not null)
        {
            return recordedArn;
        }

        var name = roleName ?? defaultRoleName;
        if (destination is not null)
        {
            // The recorded ARN keeps a role path the name alone would lose.
            return recordedArn is not null && recordedArn.RoleName == name && recordedArn.AccountId == destination.Account
                ? recordedArn
                : RoleArn.For(destination.Partition, destination.Account, name);
        }

        if (recordedArn is not null && recordedArn.RoleName == name)
        {
            return recordedArn;
        }

        throw new CliException(
            $"Cannot tell which account role '{name}' is in: the state file {statePath} does not record it and the destination profile " +
            $"'{destinationProfile}' was not found. Pass --role-arn arn:aws:iam::<account>:role/{name}.");
    }
}
