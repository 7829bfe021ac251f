using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The two sides a command may work with, either of which may be missing, who they are, and the one region
/// everything happens in. Used by the commands that must cope without one profile (teardown, status).
/// </summary>
/// <param name="SourceDescription">How the source was chosen, for messages: <c>profile 'source'</c>, <c>credentials from the environment</c>.</param>
/// <param name="DestinationIdentity">Who the destination is, when asked up front; see <see cref="DestinationIdentityAsync"/>.</param>
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
    private readonly Lock _gate = new();
    private Task<CallerIdentity>? _destinationAsked;
    private string? _destinationSeenIn;

    /// <summary>Asks STS who the destination is, when that was not asked up front; null: nothing to ask.</summary>
    public Func<CancellationToken, Task<CallerIdentity>>? AskDestination { get; init; }

    /// <summary>Resolves both profiles (at least one must exist) and asks STS who each is, both at once.</summary>
    /// <param name="say">Prints the one line that says where the source came from, when it was not named.</param>
    /// <param name="askSource">
    /// False when the caller only assumes roles with the source (teardown): its identity is then left null and asked
    /// only if AssumeRole refuses (see <see cref="RoleAccess"/>), saving a request on the way that works.
    /// </param>
    /// <param name="askDestination">
    /// False when an IAM answer will show the destination's account anyway (teardown's GetRole answers with the role's
    /// ARN): who it is is then asked only when something needs it and nothing showed it (<see cref="DestinationForAsync"/>).
    /// </param>
    public static async Task<AccountSessions> ResolveAsync(
        ProfileResolver profiles, IAwsClientFactory clients, string? sourceProfile, string destinationProfile, string? region, Func<string, Task> say,
        CancellationToken ct, bool askSource = true, bool askDestination = true)
    {
        var destination = profiles.TryResolve(destinationProfile, region);

        // Without either side there is nothing to work with: fail as every command does for a missing source.
        // A source named by --source-profile or AWS_PROFILE must exist (AWS_PROFILE=nope is an error, as everywhere).
        var chosen = profiles.TryResolveSource(sourceProfile, region)
            ?? (destination is null || profiles.SourceIsNamed(sourceProfile) ? profiles.ResolveSource(sourceProfile, region) : null);
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
        var destinationIdentity = destination is null || !askDestination ? Task.FromResult<CallerIdentity?>(null) : WhoAsync(clients, destination, ct);
        return new AccountSessions(
            chosen?.Description ?? $"profile '{sourceProfile ?? ProfileResolver.DefaultSourceProfile}'", source, await sourceIdentity, destinationProfile, destination, await destinationIdentity,
            (source ?? destination)!.Region.SystemName, profiles.FilesRead)
        {
            AskDestination = destination is null || askDestination ? null : token => clients.Sts(destination).GetCallerIdentityAsync(token),
        };
    }

    /// <summary>Who the destination is: as asked up front, else asked now (once, whoever asks first); null without a destination profile.</summary>
    public async Task<CallerIdentity?> DestinationIdentityAsync(CancellationToken ct)
    {
        if (DestinationIdentity is not null || AskDestination is null)
        {
            return DestinationIdentity;
        }

        Task<CallerIdentity> asked;
        lock (_gate)
        {
            asked = _destinationAsked ??= AskDestination(ct);
        }

        return await asked;
    }

    /// <summary>
    /// An IAM answer to the destination profile named a resource of <paramref name="account"/> as its own (GetRole by
    /// name answered with the role's exact ARN): the destination is in that account, and STS need not be asked.
    /// </summary>
    public void DestinationSeenIn(string account)
    {
        lock (_gate)
        {
            _destinationSeenIn = account;
        }
    }

    /// <summary>
    /// The destination session when it can act on <paramref name="role"/>'s account; else null and why not. Asks STS
    /// (once) only when neither an earlier answer nor an IAM answer showed the destination's account.
    /// </summary>
    public async Task<(AwsSession? Session, string WhyNot)> DestinationForAsync(RoleArn role, CancellationToken ct)
    {
        var account = KnownDestinationAccount() ?? (Destination is null ? null : (await DestinationIdentityAsync(ct))?.Account);
        return Fit(role, account);
    }

    /// <summary>
    /// As <see cref="DestinationForAsync"/> without asking anything: a destination whose account is not known yet is
    /// given as if it were the role's, for the caller to confirm (or refute) with IAM's answer.
    /// </summary>
    public (AwsSession? Session, string WhyNot) DestinationPresumedFor(RoleArn role) =>
        Fit(role, KnownDestinationAccount() ?? (AskDestination is null ? null : role.AccountId));

    private string? KnownDestinationAccount()
    {
        lock (_gate)
        {
            return DestinationIdentity?.Account ?? _destinationSeenIn ?? (_destinationAsked is { IsCompletedSuccessfully: true } asked ? asked.Result.Account : null);
        }
    }

    private (AwsSession? Session, string WhyNot) Fit(RoleArn role, string? account) =>
        Destination is null || account is null ? (null, $"profile '{DestinationProfile}' was not found in {FilesRead}")
        : account != role.AccountId ? (null, $"profile '{DestinationProfile}' signs in to account {account}, not {role.AccountId}")
        : (Destination, "");

    private static async Task<CallerIdentity?> WhoAsync(IAwsClientFactory clients, AwsSession session, CancellationToken ct) =>
        await clients.Sts(session).GetCallerIdentityAsync(ct);
}
