using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>What create-role did in one account.</summary>
public enum RoleOutcome
{
    Created,
    Changed,
    Unchanged,
}

/// <summary>The role in one account once applied, and what happened to it.</summary>
public sealed record RoleInAccount(RoleArn Role, RoleOutcome Outcome);

/// <summary>
/// create-role in many accounts: the source read once (who it is, the policies), then in the pool each account
/// reached and planned with <see cref="RoleCreation"/> as a single destination is, the plans combined into one; once
/// confirmed, each account applied in the pool, its role recorded in the state file the moment CreateRole answers.
/// An account that cannot be reached or planned is its own failure: the others go on.
/// </summary>
public sealed class RoleCreationAcrossAccounts
{
    private readonly IAwsClientFactory _clients;
    private readonly IApplyProgress _progress;
    private readonly TimeProvider _time;
    private readonly Func<string, Task> _warn;
    private readonly FanOutSettings _settings;

    public RoleCreationAcrossAccounts(IAwsClientFactory clients, IApplyProgress progress, TimeProvider time, Func<string, Task> warn, FanOutSettings settings)
    {
        _clients = clients;
        _progress = progress;
        _time = time;
        _warn = warn;
        _settings = settings;
    }

    /// <summary>Reads the source once, then plans every destination (see the class summary); changes nothing.</summary>
    /// <param name="policiesFrom">The session the policies are looked up with (AWS-managed policies are the same in every account).</param>
    /// <param name="destinations">The destination sides (<see cref="AccountSessions.ForAccountsAsync"/>): <c>all</c> leaves out the source's account.</param>
    /// <param name="target">Where the plan acts, given the accounts that planned.</param>
    public async Task<PlannedAccounts<PlannedRole>> PlanAsync(
        RoleRequest request, SourceCredentials source, AwsSession policiesFrom, AccountSessions destinations, Func<IReadOnlyList<string>, PlanTarget> target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destinations);
        var sourceRead = await Creation(_progress).ReadSourceAsync(source, _clients.Iam(policiesFrom), request, ct);
        var accounts = await destinations.AccountsAsync(_settings, _clients, ct, sourceRead.Source.Account);
        return await AccountPlans.PlanAsync(
            _settings, _progress, _time, accounts,
            async (account, progress, token) =>
            {
                var side = (await destinations.InAccountAsync(account, token)).Destination;
                var identity = await side.IdentityAsync(token) ?? throw new InvalidOperationException($"No identity for account {account}'s destination side.");
                var planned = await Creation(progress).PlanInAsync(request, Task.FromResult(sourceRead), side.Session!, Task.FromResult(identity), side.Profile, token);
                return _settings.IsFanOut ? planned with { ReachedThrough = _settings.DestinationRole } : planned; // a member, reached through the destination role
            },
            planned => planned.Plan, target, ct);
    }

    /// <summary>Applies every account that planned (see <see cref="AccountPlans.ApplyAsync{T, TDone}"/>).</summary>
    public Task<IReadOnlyList<AccountOutcome<RoleInAccount>>> ApplyAsync(PlannedAccounts<PlannedRole> planned, StateFile state, CancellationToken ct) =>
        AccountPlans.ApplyAsync(
            _settings, _progress, planned,
            async (_, role, progress, token) => new RoleInAccount(
                await Creation(progress).ApplyAsync(role, state, token),
                role.RolePlan.Existing is null ? RoleOutcome.Created : role.HasChanges ? RoleOutcome.Changed : RoleOutcome.Unchanged),
            ct);

    private RoleCreation Creation(IApplyProgress progress) => new(_clients, progress, _time, _warn);
}
