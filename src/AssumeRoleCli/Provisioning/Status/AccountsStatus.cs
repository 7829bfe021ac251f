using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// status across many accounts: each account read in the pool (<see cref="AccountFanOut"/>) with its own destination
/// side, as <see cref="StatusReader"/> reads one; reads only. An account that cannot be read is its outcome (its
/// reason is shown), never a stop for the others.
/// </summary>
public sealed class AccountsStatus
{
    private readonly StatusReader _reader;
    private readonly IApplyProgress _progress;
    private readonly FanOutSettings _settings;

    public AccountsStatus(StatusReader reader, IApplyProgress progress, FanOutSettings settings)
    {
        _reader = reader;
        _progress = progress;
        _settings = settings;
    }

    /// <summary>Every account's report, in the order of <paramref name="accounts"/>.</summary>
    public async Task<IReadOnlyList<AccountOutcome<StatusReport>>> ReadAsync(
        AccountSessions sessions, IReadOnlyList<AccountRoles> accounts, StateDocument state, AssumeRoleSettings assumeRole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(accounts);
        var all = accounts.SelectMany(a => a.Roles).ToList();
        return await new AccountFanOut(_settings, _progress.AccountsAsync).RunAsync(
            accounts.Select(a => a.Account).ToList(),
            async (account, token) => await _reader.ReadAsync(
                await sessions.InAccountAsync(account, token), AccountRoles.RolesIn(accounts, account), state, assumeRole, token, all),
            ct);
    }
}
