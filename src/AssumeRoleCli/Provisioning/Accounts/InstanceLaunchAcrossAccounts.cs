using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>What launch-instance did in one account: the role, its instances once done, those just launched.</summary>
public sealed record LaunchInAccount(RoleArn Role, IReadOnlyList<string> InstanceIds, IReadOnlyList<string> Launched, Plan Plan);

/// <summary>
/// launch-instance in many accounts, with only the source identity (as the tutorial): the source resolved once (with
/// MFA, one code buys one session for every account: <see cref="MfaSourceSession"/>), then in the pool each account's recorded role assumed from it and the launch planned with <see cref="InstanceLaunch"/>,
/// the plans combined into one; once confirmed, each account launched in the pool, every instance recorded as RunInstances
/// answers. An account whose role cannot be assumed (or is not recorded) is its own failure: the others go on.
/// </summary>
public sealed class InstanceLaunchAcrossAccounts
{
    private readonly IAwsClientFactory _clients;
    private readonly Func<IApplyProgress, RoleFromSource> _roles;
    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;
    private readonly FanOutSettings _settings;
    private readonly MfaSourceSession _mfa;

    /// <param name="roles">The way to roles from the source, speaking in the progress voice it is given (each account's own).</param>
    /// <param name="mfa">Where the one MFA session for every account's role comes from, when the source needs MFA.</param>
    public InstanceLaunchAcrossAccounts(
        IAwsClientFactory clients, Func<IApplyProgress, RoleFromSource> roles, TimeProvider time, IApplyProgress progress, FanOutSettings settings, MfaSourceSession mfa)
    {
        _mfa = mfa;
        _clients = clients;
        _roles = roles;
        _time = time;
        _progress = progress;
        _settings = settings;
    }

    /// <summary>
    /// launch-instance fans out when no --role-arn picks one role and either --destination-accounts is given or the
    /// state records roles in more than one account.
    /// </summary>
    public static bool Applies(RoleArn? explicitRole, FanOutSettings settings, StateDocument state)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        return explicitRole is null && (settings.IsFanOut || RecordedAccounts(state).Count > 1);
    }

    /// <summary>Assumes each account's role with <paramref name="source"/> (resolved once) and plans every launch; launches nothing.</summary>
    /// <param name="settings">AssumeRole's settings completed for <paramref name="source"/> (its MFA device, if any).</param>
    public async Task<PlannedAccounts<PlannedLaunch>> PlanAsync(
        SourceCredentials source, AssumeRoleSettings settings, StateFile state, InstanceRequest request, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(state);
        // The order given, else by id (stable, whichever order concurrent create-roles recorded them in).
        var accounts = _settings.Accounts is { All: false } chosen ? chosen.Ids : AccountSelection.ById(RecordedAccounts(state.Current));
        var many = await _mfa.ForRolesAsync(source, settings, accounts.Count, ct);
        var image = new SharedImage();
        return await AccountPlans.PlanAsync(
            _settings, _progress, _time, accounts,
            (account, progress, token) =>
            {
                var role = RoleIn(account, state);
                var roles = _roles(progress);
                return new InstanceLaunch(_clients, roles, _time, progress) { Image = image }
                    .PlanThroughAsync(t => roles.AssumeFromAsync(many.Source, many.Settings, role, state.Current, _time.GetUtcNow(), t), role, state, request, dryRun, token);
            },
            planned => planned.Plan,
            planned => new PlanTarget(planned, source.Session.Region.SystemName, Profile: null, AssumedWith: source.Description),
            ct);
    }

    /// <summary>Launches in every account that planned (see <see cref="AccountPlans.ApplyAsync{T, TDone}"/>).</summary>
    /// <param name="timeout">How long to wait for the instances to run; null: not waited for.</param>
    public Task<IReadOnlyList<AccountOutcome<LaunchInAccount>>> ApplyAsync(PlannedAccounts<PlannedLaunch> planned, StateFile state, TimeSpan? timeout, CancellationToken ct) =>
        AccountPlans.ApplyAsync(
            _settings, _progress, planned,
            async (_, launch, progress, token) =>
            {
                var launched = await new InstanceLaunch(_clients, _roles(progress), _time, progress).ApplyAsync(launch, state, timeout, token);
                var running = launch.Instances.Running.Except(launch.Instances.Excess).Select(i => i.InstanceId).Concat(launched).ToList();
                return new LaunchInAccount(launch.Reached.Role, running, launched, launch.Plan);
            },
            ct);

    /// <summary>The accounts the state records roles in, in its order.</summary>
    private static List<string> RecordedAccounts(StateDocument state) =>
        Recorded(state).Select(r => r.AccountId).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<RoleArn> Recorded(StateDocument state) => state.RecordedRoles().Select(r => r.Arn);

    /// <summary>The one role the state records in <paramref name="account"/>; none or several fail that account, saying what to do.</summary>
    private static RoleArn RoleIn(string account, StateFile state)
    {
        var roles = Recorded(state.Current).Where(r => r.AccountId == account).ToList();
        return roles.Count switch
        {
            1 => roles[0],
            0 => throw new CliException($"State file {state.Path} records no role in account {account}: run 'assumerole create-role --destination-accounts {account}' first."),
            _ => throw new CliException($"State file {state.Path} records {roles.Count} roles in account {account} ({string.Join(", ", roles)}); pass --role-arn to launch through one."),
        };
    }
}
