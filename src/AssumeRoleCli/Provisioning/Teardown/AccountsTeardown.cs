using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// teardown across many accounts, through the choreography every fanned-out command shares (<see cref="AccountPlans"/>):
/// each account planned in the pool with its own destination side, exactly as <see cref="Teardown"/> plans one; one
/// plan, one approval; then each account destroyed in the pool, instances first, every part recorded the moment it is
/// done. An account that fails (reading or destroying) is its outcome; the others go on, and a rerun finishes what is left.
/// </summary>
public sealed class AccountsTeardown
{
    private readonly Func<IApplyProgress, Teardown> _teardown;
    private readonly IApplyProgress _progress;
    private readonly TimeProvider _time;
    private readonly FanOutSettings _settings;
    private readonly MfaSourceSession _mfa;

    /// <param name="teardown">A teardown speaking in the progress voice it is given (each account's own).</param>
    /// <param name="mfa">Where the one MFA session for every account's roles comes from, when the source needs MFA.</param>
    public AccountsTeardown(Func<IApplyProgress, Teardown> teardown, IApplyProgress progress, TimeProvider time, FanOutSettings settings, MfaSourceSession mfa)
    {
        _teardown = teardown;
        _progress = progress;
        _time = time;
        _settings = settings;
        _mfa = mfa;
    }

    /// <summary>Reads what every account's teardown would destroy and plans it, changing nothing.</summary>
    public async Task<PlannedAccounts<PlannedTeardown>> PlanAsync(
        AccountSessions sessions, IReadOnlyList<AccountRoles> accounts, StateDocument state, AssumeRoleSettings assumeRole, bool keepRole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(accounts);
        var all = accounts.SelectMany(a => a.Roles).ToList();
        (sessions, assumeRole) = await OneMfaSessionAsync(sessions, assumeRole, all.Count, ct);
        var target = new PlanTarget(
            accounts.Select(a => a.Account).ToList(),
            sessions.Region,
            sessions.Destination.Session is null ? null : string.Join(", ", sessions.Destinations.Select(d => d.Profile)),
            sessions.Source.Session is null ? null : sessions.Source.Description);
        return await AccountPlans.PlanAsync(
            _settings, _progress, _time, accounts.Select(a => a.Account).ToList(),
            async (account, progress, token) => await _teardown(progress).PlanAsync(
                await sessions.InAccountAsync(account, token), AccountRoles.RolesIn(accounts, account), state, assumeRole, keepRole, token, all),
            planned => planned.Plan, _ => target, ct);
    }

    /// <summary>Destroys what was planned and confirmed (see <see cref="AccountPlans.ApplyAsync{T, TDone}"/>).</summary>
    public Task<IReadOnlyList<AccountOutcome<TeardownOutcome>>> ApplyAsync(
        PlannedAccounts<PlannedTeardown> planned, StateFile state, TimeSpan waitTimeout, CancellationToken ct) =>
        AccountPlans.ApplyAsync(
            _settings, _progress, planned, (_, teardown, progress, token) => _teardown(progress).ApplyAsync(teardown, state, waitTimeout, token), ct);

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
}
