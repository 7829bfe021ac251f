using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// The terminal side of a command working in many accounts, after planning: each account that could not be planned
/// said on stderr, the one plan with a summary per account, --dry-run, one approval, the apply (given), "Apply
/// complete!" for the accounts that finished, then each account's result (a table, or JSON entries in the accounts'
/// order). Exit code 1 when any account failed or was skipped. create-role, launch-instance and teardown all run here.
/// </summary>
internal static class AccountsApply
{
    /// <param name="apply">Applies the confirmed plan in every account that planned; the outcomes of all accounts.</param>
    /// <param name="describe">An account's result once it succeeded.</param>
    /// <param name="roleOf">The role in an account that failed or was skipped, when known.</param>
    /// <param name="words">What is asked and said (<see cref="AccountsApplyWords.Apply"/> when null).</param>
    /// <param name="writeResults">Writes the results in a command's own shape (teardown's); null: a table, or JSON entries.</param>
    public static async Task<int> RunAsync<T, TDone>(
        CliServices services, ApplySettings settings, PlannedAccounts<T> planned,
        Func<CancellationToken, Task<IReadOnlyList<AccountOutcome<TDone>>>> apply, Func<string, TDone, AccountResult> describe, Func<string, string?> roleOf, CancellationToken ct,
        AccountsApplyWords? words = null, Func<IReadOnlyList<AccountResult>, IReadOnlyList<AccountOutcome<TDone>>, Task>? writeResults = null)
    {
        var terminal = services.Terminal;
        words ??= AccountsApplyWords.Apply;
        var leftOut = AccountResults.From(planned.Failed, _ => (null, ""), roleOf, services.AwsCalls);
        foreach (var failed in leftOut.Where(f => f.Outcome == AccountResults.Failed))
        {
            await terminal.Error.WriteLineAsync(words.PlanFailed(failed.Account, failed.Error ?? "failed"));
        }

        var planOut = terminal.PlanWriter(settings.Output);
        var counts = new AccountsLeftOut(
            planned.Accounts.Count(a => a.Succeeded), leftOut.Count(f => f.Outcome == AccountResults.Failed), leftOut.Count(f => f.Outcome == AccountResults.Skipped), planned.Stopped);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut), Summaries(planned), counts));
        if (settings.DryRun)
        {
            var code = await DryRun.FinishAsync(terminal, settings.Output, planned.Plan, leftOut);
            return planned.Failed.Any() ? ExitCodes.Failure : code;
        }

        var changes = !planned.Plan.IsEmpty && !planned.Stopped;
        if (changes)
        {
            await Confirmation.RequireAsync(terminal, words.Question, settings.AutoApprove, ct);
        }

        var outcomes = await apply(ct);
        if (changes)
        {
            var finished = outcomes.Where(o => o.Succeeded).Select(o => o.Account).ToList();
            var done = new Plan(planned.Plan.Changes.Where(c => finished.Any(account => InAccount(c, account))).ToList());
            await planOut.WriteLineAsync($"{Environment.NewLine}{words.Complete(done)}{Environment.NewLine}");
        }
        else if (settings.Output == OutputFormat.Text)
        {
            await planOut.WriteLineAsync(); // the results table follows the plan on stdout: a blank line between, as after "Apply complete!"
        }

        var results = AccountResults.From(outcomes, _ => (null, ""), roleOf, services.AwsCalls)
            .Select((result, i) => outcomes[i].Succeeded ? describe(outcomes[i].Account, outcomes[i].Value!) : result)
            .ToList();
        if (writeResults is not null)
        {
            await writeResults(results, outcomes);
        }
        else if (settings.Output == OutputFormat.Json)
        {
            var document = new AccountResultsDocument(results, changes && outcomes.Any(o => o.Succeeded));
            await terminal.Out.WriteLineAsync(ResultWriter.Json(terminal, document, OutputJsonContext.Default.AccountResultsDocument));
        }
        else
        {
            await AccountResults.WriteTextAsync(terminal.Out, results);
        }

        return AccountResults.AnyFailed(results) ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>One line per account: what its part of the plan does, or that it failed and is left out.</summary>
    private static List<string> Summaries<T>(PlannedAccounts<T> planned) =>
        planned.Accounts.Select(a =>
        {
            var module = ResourceModule.OfAccount(a.Account);
            if (!a.Succeeded)
            {
                return $"{module}: {(a.Kind == AccountOutcomeKind.Failed ? "failed to plan" : "not planned (--fail-fast)")}; left out of this plan.";
            }

            var own = new Plan(planned.Plan.Changes.Where(c => InAccount(c, a.Account)).ToList());
            return $"{module}: {(own.IsEmpty ? "no changes." : own.Summary["Plan: ".Length..])}";
        }).ToList();

    /// <summary>The change is in the account's module (or a module within it: teardown's role["name"]).</summary>
    private static bool InAccount(ResourceChange change, string account) =>
        change.Module is { } module && ResourceModule.Within(ResourceModule.OfAccount(account), module) == module;
}

/// <summary>What the terminal side of a fan-out asks and says: the question, an account that failed to plan, the closing line.</summary>
internal sealed record AccountsApplyWords(string Question, Func<string, string, string> PlanFailed, Func<Plan, string> Complete)
{
    public static readonly AccountsApplyWords Apply = new(Confirmation.ApplyQuestion, (account, error) => $"Error: account {account}: {error}", done => done.ApplyComplete);

    public static readonly AccountsApplyWords Destroy = new(
        Confirmation.DestroyQuestion, (account, error) => $"Account {account} cannot be torn down: {error}", done => $"Destroy complete! Resources: {done.ToDestroy} destroyed.");
}
