using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The two sides a command may work with, either of which may be missing, who they are, and the one region
/// everything happens in. Used by the commands that must cope without one profile (teardown, status).
/// </summary>
/// <param name="SourceDescription">How the source was chosen, for messages: <c>profile 'source'</c>, <c>credentials from the environment</c>.</param>
public sealed record AccountSessions(
    string SourceDescription,
    AwsSession? Source,
    CallerIdentity? SourceIdentity,
    string DestinationProfile,
    AwsSession? Destination,
    CallerIdentity? DestinationIdentity,
    string Region,
    string FilesRead)
{
    /// <summary>Resolves both profiles (at least one must exist) and asks STS who each is, both at once.</summary>
    /// <param name="say">Prints the one line that says where the source came from, when it was not named.</param>
    /// <param name="askSource">
    /// False when the caller only assumes roles with the source (teardown): its identity is then left null and asked
    /// only if AssumeRole refuses (see <see cref="RoleAccess"/>), saving a request on the way that works.
    /// </param>
    public static async Task<AccountSessions> ResolveAsync(
        ProfileResolver profiles, IAwsClientFactory clients, string? sourceProfile, string destinationProfile, string? region, Func<string, Task> say, CancellationToken ct, bool askSource = true)
    {
        var destination = profiles.TryResolve(destinationProfile, region);

        // Without either side there is nothing to work with: fail as every command does for a missing source.
        var chosen = profiles.TryResolveSource(sourceProfile, region) ?? (destination is null ? profiles.ResolveSource(sourceProfile, region) : null);
        if (chosen?.Note is { } note)
        {
            await say(note);
        }

        var source = chosen?.Session;
        if (source is not null && destination is not null && source.Region.SystemName != destination.Region.SystemName)
        {
            // The state file records launches per region: everything happens in one, the source profile's.
            destination = destination.InRegion(source.Region);
        }

        var sourceIdentity = source is null || !askSource ? Task.FromResult<CallerIdentity?>(null) : WhoAsync(clients, source, ct);
        var destinationIdentity = destination is null ? Task.FromResult<CallerIdentity?>(null) : WhoAsync(clients, destination, ct);
        return new AccountSessions(
            chosen?.Description ?? $"profile '{sourceProfile ?? ProfileResolver.DefaultSourceProfile}'", source, await sourceIdentity, destinationProfile, destination, await destinationIdentity,
            (source ?? destination)!.Region.SystemName, profiles.FilesRead);
    }

    /// <summary>The destination session when it can act on <paramref name="role"/>'s account; else null and why not.</summary>
    public (AwsSession? Session, string WhyNot) DestinationFor(RoleArn role) =>
        Destination is null || DestinationIdentity is null ? (null, $"profile '{DestinationProfile}' was not found in {FilesRead}")
        : DestinationIdentity.Account != role.AccountId ? (null, $"profile '{DestinationProfile}' signs in to account {DestinationIdentity.Account}, not {role.AccountId}")
        : (Destination, "");

    private static async Task<CallerIdentity?> WhoAsync(IAwsClientFactory clients, AwsSession session, CancellationToken ct) =>
        await clients.Sts(session).GetCallerIdentityAsync(ct);
}
