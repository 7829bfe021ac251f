using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// One destination account of a fan-out and how to act in it: a member account reached by assuming the destination
/// role with the destination profile (--destination-accounts), or an account with a profile of its own (repeated
/// --destination-profile). <see cref="Identity"/> is who acts there (the destination role, or the profile's identity):
/// its account and partition are what planning reads, so nobody asks STS again per account.
/// </summary>
public sealed record AccountDestination(CallerIdentity Identity, string? Profile, Func<CancellationToken, Task<AwsSession>> ReachAsync)
{
    public string Account => Identity.Account;

    /// <summary>
    /// The members <paramref name="settings"/> selects, each reached lazily (its AssumeRole made when its work starts).
    /// The destination profile's identity gives the partition (and, for <c>all</c>, the organization is read with it).
    /// </summary>
    public static async Task<IReadOnlyList<AccountDestination>> MembersAsync(
        IAwsClientFactory clients, RoleFromSource roles, AwsSession destination, FanOutSettings settings, string? sourceAccount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(settings);
        var selection = settings.Accounts ?? throw new ArgumentException("No --destination-accounts: there are no member accounts to reach.", nameof(settings));
        var who = await clients.Sts(destination).GetCallerIdentityAsync(ct);
        var members = new MemberAccounts(clients, roles, destination, who.Partition, settings);
        var ids = await members.SelectAsync(selection, sourceAccount, ct);
        return ids.Select(id => new AccountDestination(new CallerIdentity(id, members.RoleIn(id).ToString(), ""), Profile: null, token => members.ReachAsync(id, token))).ToList();
    }

    /// <summary>
    /// One destination per profile (each profile's own session, no AssumeRole), identified at once; two profiles of one
    /// account are one destination (the first named).
    /// </summary>
    public static async Task<IReadOnlyList<AccountDestination>> ProfilesAsync(
        IAwsClientFactory clients, IReadOnlyList<(string Profile, AwsSession Session)> profiles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(profiles);
        var identities = await Task.WhenAll(profiles.Select(p => clients.Sts(p.Session).GetCallerIdentityAsync(ct)));
        return profiles.Zip(identities, (p, identity) => new AccountDestination(identity, p.Profile, _ => Task.FromResult(p.Session)))
            .DistinctBy(d => d.Account, StringComparer.Ordinal)
            .ToList();
    }
}
