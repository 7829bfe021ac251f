using System.Collections.Concurrent;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Provisioning;

/// <summary>The source side: how it was chosen, its session (null: none found), and who it is (null: not asked).</summary>
/// <param name="Description">For messages: <c>profile 'source'</c>, <c>credentials from the environment</c>.</param>
public sealed record SourceSide(string Description, AwsSession? Session, CallerIdentity? Identity);

/// <summary>
/// One destination side: a profile, its session (null: not found), and the account it signs in to, asked of STS at
/// most once, whoever asks first, and on a token of its own, so one caller's cancellation never fails another's wait.
/// </summary>
public sealed class DestinationSide
{
    private readonly Lock _gate = new();
    private readonly string _filesRead;
    private readonly Func<CancellationToken, Task<CallerIdentity>>? _ask;
    private Task<CallerIdentity>? _asked;
    private string? _seenIn;

    /// <param name="filesRead">The files the profile was looked for in, for "not found" messages.</param>
    /// <param name="identity">Who the destination is, when asked up front.</param>
    /// <param name="ask">Asks STS who the destination is, when that was not asked up front; null: nothing to ask.</param>
    public DestinationSide(string profile, AwsSession? session, string filesRead, CallerIdentity? identity = null, Func<CancellationToken, Task<CallerIdentity>>? ask = null)
    {
        Profile = profile;
        Session = session;
        Identity = identity;
        _filesRead = filesRead;
        _ask = session is null || identity is not null ? null : ask;
    }

    public string Profile { get; }

    public AwsSession? Session { get; }

    /// <summary>Who the destination is, when asked up front; see <see cref="IdentityAsync"/>.</summary>
    public CallerIdentity? Identity { get; }

    /// <summary>Who the destination is: as asked up front, else asked now (once); null without a destination profile.</summary>
    public async Task<CallerIdentity?> IdentityAsync(CancellationToken ct)
    {
        if (Identity is not null || _ask is null)
        {
            return Identity;
        }

        Task<CallerIdentity> asked;
        lock (_gate)
        {
            asked = _asked ??= _ask(CancellationToken.None);
        }

        return await asked.WaitAsync(ct);
    }

    /// <summary>
    /// An IAM answer to this profile named a resource of <paramref name="account"/> as its own (GetRole by name answered
    /// with the role's exact ARN): the destination is in that account, and STS need not be asked.
    /// </summary>
    public void SeenIn(string account)
    {
        lock (_gate)
        {
            _seenIn = account;
        }
    }

    /// <summary>
    /// The session when it can act on <paramref name="role"/>'s account; else null and why not. Asks STS (once) only
    /// when neither an earlier answer nor an IAM answer showed the destination's account.
    /// </summary>
    public async Task<(AwsSession? Session, string WhyNot)> ForAsync(RoleArn role, CancellationToken ct)
    {
        var account = KnownAccount() ?? (Session is null ? null : (await IdentityAsync(ct))?.Account);
        return Fit(role, account);
    }

    /// <summary>
    /// As <see cref="ForAsync"/> without asking anything: a destination whose account is not known yet is given as if
    /// it were the role's, for the caller to confirm (or refute) with IAM's answer.
    /// </summary>
    public (AwsSession? Session, string WhyNot) PresumedFor(RoleArn role) =>
        Fit(role, KnownAccount() ?? (_ask is null ? null : role.AccountId));

    private string? KnownAccount()
    {
        lock (_gate)
        {
            return Identity?.Account ?? _seenIn ?? (_asked is { IsCompletedSuccessfully: true } asked ? asked.Result.Account : null);
        }
    }

    private (AwsSession? Session, string WhyNot) Fit(RoleArn role, string? account) =>
        Session is null || account is null ? (null, $"profile '{Profile}' was not found in {_filesRead}")
        : account != role.AccountId ? (null, $"profile '{Profile}' signs in to account {account}, not {role.AccountId}")
        : (Session, "");
}

/// <summary>
/// The two sides a command may work with, either of which may be missing, and the one region everything happens in.
/// Used by the commands that must cope without one profile (teardown, status). Across many accounts there is one
/// destination side per account: one per --destination-profile, or one per member account reached through
/// <see cref="MemberAccounts"/> (assumed lazily, when that account's work starts).
/// </summary>
public sealed class AccountSessions
{
    private readonly IReadOnlyList<DestinationSide> _destinations;
    private readonly MemberAccounts? _members;
    private readonly ConcurrentDictionary<string, Lazy<Task<DestinationSide>>> _reached = new(StringComparer.Ordinal);

    public AccountSessions(SourceSide source, DestinationSide destination, string region)
        : this(source, [destination], region, null)
    {
    }

    private AccountSessions(SourceSide source, IReadOnlyList<DestinationSide> destinations, string region, MemberAccounts? members)
    {
        Source = source;
        _destinations = destinations;
        Region = region;
        _members = members;
    }

    public SourceSide Source { get; }

    /// <summary>The destination profile's side (the first --destination-profile; with member accounts, the identity that reaches them).</summary>
    public DestinationSide Destination => _destinations[0];

    /// <summary>One side per --destination-profile (one when it is not repeated); member accounts' sides are made as they are reached.</summary>
    public IReadOnlyList<DestinationSide> Destinations => _destinations;

    public string Region { get; }

    /// <summary>True when the destination is more than one account: member accounts, or a repeated --destination-profile.</summary>
    public bool IsManyAccounts => _members is not null || _destinations.Count > 1;

    /// <summary>
    /// The profile side of <paramref name="role"/>'s account: the only one, or the profile that signs in to that account
    /// (null among several when none does). Member accounts are reached with <see cref="InAccountAsync"/>.
    /// </summary>
    public DestinationSide? DestinationFor(RoleArn role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return SideOf(role.AccountId);
    }

    private DestinationSide? SideOf(string account) =>
        _destinations.Count == 1 ? _destinations[0] : _destinations.FirstOrDefault(d => d.Identity?.Account == account);

    /// <summary>The same destination sides with another source (the source signed by one MFA session for many roles).</summary>
    public AccountSessions WithSource(SourceSide source) => new(source, _destinations, Region, _members);

    /// <summary>
    /// These sessions as seen by one account's work: the same source, and that account's destination side (a member
    /// account's role assumed now, once, however often asked, whoever asks first). Unchanged with a single destination.
    /// </summary>
    public async Task<AccountSessions> InAccountAsync(string account, CancellationToken ct)
    {
        if (!IsManyAccounts)
        {
            return this;
        }

        var side = _members is { } members
            // Assumed on a token of its own, as DestinationSide asks who it is: the first caller's cancellation never fails the others' wait.
            ? await _reached.GetOrAdd(account, a => new Lazy<Task<DestinationSide>>(() => ReachAsync(members, a, CancellationToken.None))).Value.WaitAsync(ct)
            : SideOf(account) ?? throw new CliException(
                $"None of the destination profiles ({string.Join(", ", _destinations.Select(d => $"'{d.Profile}'"))}) signs in to account {account}: " +
                "add --destination-profile with a profile of that account.");
        return new AccountSessions(Source, [side], Region, null);
    }

    /// <summary>
    /// The same sessions reaching each member account by assuming <see cref="FanOutSettings.DestinationRole"/> with
    /// the destination profile. Asks who the destination is (once), for its partition.
    /// </summary>
    public async Task<AccountSessions> WithMemberAccountsAsync(IAwsClientFactory clients, RoleFromSource roles, FanOutSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Across accounts the destination profile is resolved up front, a missing one said as for one account (ResolveAsync with the profiles).
        var session = Destination.Session ?? throw new InvalidOperationException($"Member accounts are reached with profile '{Destination.Profile}', which was not resolved.");
        var identity = await Destination.IdentityAsync(ct);
        var partition = identity?.Arn.Split(':') is [_, var p, ..] ? p : "aws";
        return new AccountSessions(Source, _destinations, Region, new MemberAccounts(clients, roles, session, partition, settings));
    }

    /// <summary>
    /// The member accounts <paramref name="selection"/> names (--destination-accounts): the ids given, or for <c>all</c>
    /// the organization's, without the source's own account (asked of STS here when it was not asked up front).
    /// </summary>
    /// <param name="sourceAccount">The source's account when the caller knows it already (create-role reads the source first).</param>
    public async Task<IReadOnlyList<string>> SelectAccountsAsync(AccountSelection selection, IAwsClientFactory clients, CancellationToken ct, string? sourceAccount = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(clients);
        if (!selection.All)
        {
            return selection.Ids;
        }

        // A run that selects all resolves the source up front, a missing one said as every command says it (sourceNeeded).
        sourceAccount ??= Source.Identity?.Account
            ?? (Source.Session is { } session ? (await clients.Sts(session).GetCallerIdentityAsync(ct)).Account : null)
            ?? throw new InvalidOperationException($"--destination-accounts all leaves out the source's own account, but {Source.Description} was not resolved.");
        var members = _members ?? throw new InvalidOperationException("--destination-accounts all is resolved once member accounts are reached (WithMemberAccountsAsync).");
        return await members.SelectAsync(selection, sourceAccount, ct);
    }

    /// <summary>
    /// The accounts the destination sides stand for: the members --destination-accounts selects (see
    /// <see cref="SelectAccountsAsync"/>), else each destination profile's own account (two profiles of one account are
    /// one, the first named; their identities were asked up front), by id.
    /// </summary>
    public async Task<IReadOnlyList<string>> AccountsAsync(FanOutSettings settings, IAwsClientFactory clients, CancellationToken ct, string? sourceAccount = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Accounts is { } selection)
        {
            return await SelectAccountsAsync(selection, clients, ct, sourceAccount);
        }

        var identities = await Task.WhenAll(_destinations.Select(d => d.IdentityAsync(ct)));
        return AccountSelection.ById(identities.Select(i => i?.Account).OfType<string>());
    }

    /// <summary>
    /// The destination sides of a run across many accounts: with --destination-accounts, each member account reached
    /// from the destination profile (<see cref="WithMemberAccountsAsync"/>); else these, one per --destination-profile.
    /// </summary>
    public Task<AccountSessions> ForAccountsAsync(IAwsClientFactory clients, RoleFromSource roles, FanOutSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IsFanOut ? WithMemberAccountsAsync(clients, roles, settings, ct) : Task.FromResult(this);
    }

    private async Task<DestinationSide> ReachAsync(MemberAccounts members, string account, CancellationToken ct)
    {
        var role = members.RoleIn(account);
        var session = await members.ReachAsync(account, ct);
        return new DestinationSide($"{Destination.Profile}' as '{role}", session, "", new CallerIdentity(account, role.ToString(), ""));
    }

    /// <summary>Resolves both profiles (at least one must exist) and asks STS who each is, both at once.</summary>
    /// <param name="say">Prints the one line that says where the source came from, when it was not named.</param>
    /// <param name="askSource">
    /// False when the caller only assumes roles with the source (teardown): its identity is then left null and asked
    /// only if AssumeRole refuses (see <see cref="RoleAccess"/>), saving a request on the way that works.
    /// </param>
    /// <param name="askDestination">
    /// False when an IAM answer will show the destination's account anyway (teardown's GetRole answers with the role's
    /// ARN): who it is is then asked only when something needs it and nothing showed it (<see cref="DestinationSide.ForAsync"/>).
    /// </param>
    public static Task<AccountSessions> ResolveAsync(
        ProfileResolver profiles, IAwsClientFactory clients, string? sourceProfile, string destinationProfile, string? region, Func<string, Task> say,
        CancellationToken ct, bool askSource = true, bool askDestination = true)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return ResolveAsync(profiles, clients, sourceProfile, destinationProfile, profiles.TryResolve(destinationProfile, region), region, say, askSource, askDestination, ct);
    }

    /// <param name="destination">The destination profile's session; null when it was not found.</param>
    /// <param name="sourceNeeded">The run cannot do without the source: a missing one is an error, as for a named one.</param>
    private static async Task<AccountSessions> ResolveAsync(
        ProfileResolver profiles, IAwsClientFactory clients, string? sourceProfile, string destinationProfile, AwsSession? destination, string? region,
        Func<string, Task> say, bool askSource, bool askDestination, CancellationToken ct, bool sourceNeeded = false)
    {
        // Without either side there is nothing to work with: fail as every command does for a missing source.
        // A source named by --source-profile or AWS_PROFILE must exist (AWS_PROFILE=nope is an error, as everywhere).
        var chosen = profiles.TryResolveSource(sourceProfile, region)
            ?? (destination is null || sourceNeeded || profiles.SourceIsNamed(sourceProfile) ? profiles.ResolveSource(sourceProfile, region) : null);
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
            new SourceSide(chosen?.Description ?? $"profile '{sourceProfile ?? ProfileResolver.DefaultSourceProfile}'", source, await sourceIdentity),
            new DestinationSide(
                destinationProfile, destination, profiles.FilesRead, await destinationIdentity,
                destination is null ? null : token => clients.Sts(destination).GetCallerIdentityAsync(token)),
            (source ?? destination)!.Region.SystemName);
    }

    /// <summary>
    /// As <see cref="ResolveAsync(ProfileResolver, IAwsClientFactory, string?, string, string?, Func{string, Task}, CancellationToken, bool, bool)"/>
    /// with one destination side per profile, for a run across accounts: every profile must exist (the one that reaches
    /// the member accounts, or one per account), and all are resolved before any request, a missing one said in the
    /// line one account gives (<see cref="ProfileResolver.Resolve"/>: the profiles that exist, the files read). Who
    /// each of several is is asked up front (all at once): that is how a role's account finds its profile.
    /// </summary>
    /// <param name="sourceNeeded">
    /// True when the run cannot do without the source (--destination-accounts all leaves out the source's account): a
    /// missing one is then said up front, in the line every command gives for it, as for a named one.
    /// </param>
    public static async Task<AccountSessions> ResolveAsync(
        ProfileResolver profiles, IAwsClientFactory clients, string? sourceProfile, IReadOnlyList<string> destinationProfiles, string? region,
        Func<string, Task> say, CancellationToken ct, bool askSource = true, bool askDestination = true, bool sourceNeeded = false)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(destinationProfiles);
        var distinct = destinationProfiles.Distinct(StringComparer.Ordinal).ToList();
        var resolved = distinct.Select(name => profiles.Resolve(name, region)).ToList();
        var first = await ResolveAsync(profiles, clients, sourceProfile, distinct[0], resolved[0], region, say, askSource, askDestination || distinct.Count > 1, ct, sourceNeeded);
        if (distinct.Count == 1)
        {
            return first;
        }

        var inRegion = Amazon.RegionEndpoint.GetBySystemName(first.Region);
        var others = distinct.Skip(1).Zip(resolved.Skip(1), async (name, resolvedSession) =>
        {
            var session = resolvedSession.InRegion(inRegion);
            return new DestinationSide(name, session, profiles.FilesRead, await WhoAsync(clients, session, ct));
        });
        return new AccountSessions(first.Source, [first.Destination, .. await Task.WhenAll(others)], first.Region, null);
    }

    private static async Task<CallerIdentity?> WhoAsync(IAwsClientFactory clients, AwsSession session, CancellationToken ct) =>
        await clients.Sts(session).GetCallerIdentityAsync(ct);
}
