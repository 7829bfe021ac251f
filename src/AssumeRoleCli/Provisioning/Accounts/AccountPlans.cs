namespace AssumeRoleCli.Provisioning;

/// <summary>
/// What a command working in many accounts planned: each account's own planning (its value, or why it failed) in the
/// order the accounts were given, and ONE plan of every account that planned, each change addressed in its account's
/// module (<c>account["123456789012"].aws_iam_role.assume_role</c>), which the user confirms once.
/// </summary>
public sealed record PlannedAccounts<T>(Plan Plan, IReadOnlyList<AccountOutcome<T>> Accounts, bool FailFast)
{
    public IEnumerable<AccountOutcome<T>> Failed => Accounts.Where(a => !a.Succeeded);

    /// <summary>--fail-fast and an account failed to plan: nothing is applied in any account.</summary>
    public bool Stopped => FailFast && Failed.Any();
}

/// <summary>
/// The two halves every fanned-out command shares: plan in every account in the pool (an account that cannot be
/// planned is left out of the plan, and of the apply), then apply the confirmed plan in the pool, each account's
/// result beside the planning failures, in the accounts' order.
/// </summary>
public static class AccountPlans
{
    /// <summary>Planning counts are said only once planning has taken this long (a quick plan of 3 accounts says nothing).</summary>
    public static readonly TimeSpan CountsSaidAfter = TimeSpan.FromSeconds(2);

    /// <summary>Plans <paramref name="accounts"/> at most <see cref="FanOutSettings.Parallel"/> at once and combines the plans.</summary>
    /// <param name="plan">Plans one account (its progress already speaks in the account's module).</param>
    /// <param name="target">Where the combined plan acts, given the accounts that planned.</param>
    public static async Task<PlannedAccounts<T>> PlanAsync<T>(
        FanOutSettings settings, IApplyProgress progress, TimeProvider time, IReadOnlyList<string> accounts,
        Func<string, IApplyProgress, CancellationToken, Task<T>> plan, Func<T, Plan> planOf, Func<IReadOnlyList<string>, PlanTarget> target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(planOf);
        ArgumentNullException.ThrowIfNull(target);
        var started = time.GetTimestamp();
        var fanOut = new AccountFanOut(settings, counts => time.GetElapsedTime(started) >= CountsSaidAfter ? progress.AccountsAsync(counts) : Task.CompletedTask);
        var outcomes = await fanOut.RunAsync(accounts, (account, token) => plan(account, InAccount(progress, account), token), ct);
        var planned = outcomes.Where(o => o.Succeeded).ToList();
        // Each change in its account's module (one already addressed there, as teardown's roles are, keeps its address).
        var combined = new Plan(planned.SelectMany(o => planOf(o.Value!).Changes.Select(c => c with { Module = ResourceModule.Within(ResourceModule.OfAccount(o.Account), c.Module) })).ToList())
        {
            Target = target(planned.Select(o => o.Account).ToList()),
            IsDestroy = planned.Count > 0 && planned.All(o => planOf(o.Value!).IsDestroy),
        };
        return new PlannedAccounts<T>(combined, outcomes, settings.FailFast);
    }

    /// <summary>
    /// Applies every account that planned, at most <see cref="FanOutSettings.Parallel"/> at once, saying the counts after
    /// each; the outcomes of all accounts in their order (those that failed to plan keep that failure; with --fail-fast
    /// after a planning failure, none is applied and the others are skipped).
    /// </summary>
    public static async Task<IReadOnlyList<AccountOutcome<TDone>>> ApplyAsync<T, TDone>(
        FanOutSettings settings, IApplyProgress progress, PlannedAccounts<T> planned, Func<string, T, IApplyProgress, CancellationToken, Task<TDone>> apply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(apply);
        var toApply = planned.Stopped ? [] : planned.Accounts.Where(a => a.Succeeded).ToList();
        var values = toApply.ToDictionary(a => a.Account, a => a.Value!, StringComparer.Ordinal);
        var applied = await new AccountFanOut(settings, progress.AccountsAsync)
            .RunAsync(toApply.Select(a => a.Account).ToList(), (account, token) => apply(account, values[account], InAccount(progress, account), token), ct);
        var byAccount = applied.ToDictionary(a => a.Account, StringComparer.Ordinal);
        return planned.Accounts.Select(a => byAccount.TryGetValue(a.Account, out var done)
            ? done
            : new AccountOutcome<TDone>(a.Account, a.Succeeded ? AccountOutcomeKind.Skipped : a.Kind, default, a.Failure)).ToList();
    }

    /// <summary>The progress voice as one account speaks in it: its addresses in its module.</summary>
    public static IApplyProgress InAccount(IApplyProgress progress, string account) => new ModuleProgress(progress, ResourceModule.OfAccount(account));
}
