using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>Every account's teardown as planned (an account whose reads failed is its outcome), and the one plan of them all.</summary>
public sealed record PlannedAccountsTeardown(IReadOnlyList<AccountRoles> Accounts, IReadOnlyList<AccountOutcome<PlannedTeardown>> Planned, Plan Plan);

/// <summary>
/// teardown across many accounts: each account planned in the pool (<see cref="AccountFanOut"/>) with its own
/// destination side, exactly as <see cref="Teardown"/> plans one; one plan, one approval; then each account destroyed
/// in the pool, instances first, every part recorded the moment it is done. An account that fails (reading or
/// destroying) is its outcome; the others go on, and a rerun finishes what is left.
/// </summary>
public sealed class AccountsTeardown
{
    private readonly Teardown _teardown;
    private readonly IApplyProgress _progress;
    private readonly FanOutSettings _settings;
    private readonly MfaSourceSession _mfa;

    /// <param name="mfa">Where the one MFA session for every account's roles comes from, when the source needs MFA.</param>
    public AccountsTeardown(Teardown teardown, IApplyProgress progress, FanOutSettings settings, MfaSourceSession mfa)
    {
        _mfa = mfa;
        _teardown = teardown;
        _progress = progress;
        _settings = settings;
    }

    /// <summary>Reads what every account's teardown would destroy and plans it, changing nothing.</summary>
    public async Task<PlannedAccountsTeardown> PlanAsync(
        AccountSessions sessions, IReadOnlyList<AccountRoles> accounts, StateDocument state, AssumeRoleSettings assumeRole, bool keepRole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(accounts);
        var all = accounts.SelectMany(a => a.Roles).ToList();
        (sessions, assumeRole) = await OneMfaSessionAsync(sessions, assumeRole, all.Count, ct);
        var planned = await new AccountFanOut(_settings).RunAsync(
            accounts.Select(a => a.Account).ToList(),
            async (account, token) => await _teardown.PlanAsync(
                await sessions.InAccountAsync(account, token), RolesIn(accounts, account), state, assumeRole, keepRole, token, all),
            ct);
        var plan = TeardownPlan.Combine(planned.Where(p => p.Succeeded).SelectMany(p => p.Value!.Roles.Select(r => r.Plan))) with
        {
            Target = new PlanTarget(
                accounts.Select(a => a.Account).ToList(),
                sessions.Region,
                sessions.Destination.Session is null ? null : string.Join(", ", sessions.Destinations.Select(d => d.Profile)),
                sessions.Source.Session is null ? null : sessions.Source.Description),
        };
        return new PlannedAccountsTeardown(accounts, planned, plan);
    }

    /// <summary>
    /// Destroys what was planned and confirmed, account by account in the pool. Accounts that failed (or, with
    /// --fail-fast, were not reached) while planning keep that outcome; with --fail-fast a failed plan changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<AccountOutcome<TeardownOutcome>>> ApplyAsync(
        PlannedAccountsTeardown planned, StateFile state, TimeSpan waitTimeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var stopped = _settings.FailFast && planned.Planned.Any(p => !p.Succeeded);
        var ready = planned.Planned.Where(p => p.Succeeded && !stopped).ToDictionary(p => p.Account, p => p.Value!, StringComparer.Ordinal);
        var applied = (await new AccountFanOut(_settings, _progress.AccountsAsync).RunAsync(
            ready.Keys.ToList(), (account, token) => _teardown.ApplyAsync(ready[account], state, waitTimeout, token), ct))
            .ToDictionary(a => a.Account, StringComparer.Ordinal);
        return planned.Planned.Select(p => applied.TryGetValue(p.Account, out var done)
            ? done
            : new AccountOutcome<TeardownOutcome>(p.Account, p.Succeeded ? AccountOutcomeKind.Skipped : p.Kind, default, p.Failure)).ToList();
    }

    /// <summary>With MFA and more than one role: the source signed by one MFA session, and the settings without MFA.</summary>
    private async Task<(AccountSessions Sessions, AssumeRoleSettings AssumeRole)> OneMfaSessionAsync(
        AccountSessions sessions, AssumeRoleSettings assumeRole, int roles, CancellationToken ct)
    {
        if (sessions.Source.Session is not { } source)
        {
            return (sessions, assumeRole);
        }

        var many = await _mfa.ForRolesAsync(new SourceCredentials(source, sessions.Source.Description, Note: null), assumeRole, roles, ct);
        return (sessions.WithSource(sessions.Source with { Session = many.Source.Session }), many.Settings);
    }

    /// <summary>The roles <paramref name="accounts"/> names in <paramref name="account"/>.</summary>
    public static IReadOnlyList<RoleArn> RolesIn(IReadOnlyList<AccountRoles> accounts, string account) =>
        accounts.First(a => a.Account == account).Roles;
}
