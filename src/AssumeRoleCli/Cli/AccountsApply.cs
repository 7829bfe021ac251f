using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// The terminal side of a command working in many accounts, after planning: each account that could not be planned
/// said on stderr, the one plan with a summary per account, --dry-run, one approval, the apply (given), "Apply
/// complete!" for the accounts that finished, then each account's result (a table, or JSON entries in the accounts'
/// order). Exit code 1 when any account failed or was skipped.
/// </summary>
internal static class AccountsApply
{
    /// <param name="apply">Applies the confirmed plan in every account that planned; the outcomes of all accounts.</param>
    /// <param name="describe">An account's result once it succeeded.</param>
    /// <param name="roleOf">The role in an account that failed or was skipped, when known.</param>
    public static async Task<int> RunAsync<T, TDone>(
        CliServices services, ApplySettings settings, PlannedAccounts<T> planned,
        Func<CancellationToken, Task<IReadOnlyList<AccountOutcome<TDone>>>> apply, Func<string, TDone, AccountResult> describe, Func<string, string?> roleOf, CancellationToken ct)
    {
        var terminal = services.Terminal;
        foreach (var failed in planned.Failed.Where(f => f.Kind == AccountOutcomeKind.Failed))
        {
            await terminal.Error.WriteLineAsync($"Error: account {failed.Account}: {OneLine(services, failed)}");
        }

        var planOut = terminal.PlanWriter(settings.Output);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut), Summaries(planned)));
        if (settings.DryRun)
        {
            var code = await DryRun.FinishAsync(terminal, settings.Output, planned.Plan);
            return planned.Failed.Any() ? ExitCodes.Failure : code;
        }

        var changes = !planned.Plan.IsEmpty && !planned.Stopped;
        if (changes)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, settings.AutoApprove, ct);
        }

        var outcomes = await apply(ct);
        if (changes)
        {
            var finished = outcomes.Where(o => o.Succeeded).Select(o => ResourceModule.OfAccount(o.Account)).ToHashSet(StringComparer.Ordinal);
            var done = new Plan(planned.Plan.Changes.Where(c => c.Module is { } module && finished.Contains(module)).ToList());
            await planOut.WriteLineAsync($"{Environment.NewLine}{done.ApplyComplete}{Environment.NewLine}");
        }

        var results = AccountResults.From(outcomes, _ => (null, ""), roleOf, services.AwsCalls)
            .Select((result, i) => outcomes[i].Succeeded ? describe(outcomes[i].Account, outcomes[i].Value!) : result)
            .ToList();
        if (settings.Output == OutputFormat.Json)
        {
            await terminal.Out.WriteLineAsync(ResultWriter.Json<IReadOnlyList<AccountResult>>(terminal, results, OutputJsonContext.Default.IReadOnlyListAccountResult));
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

            var own = new Plan(planned.Plan.Changes.Where(c => c.Module == module).ToList());
            return $"{module}: {(own.IsEmpty ? "no changes." : own.Summary["Plan: ".Length..])}";
        }).ToList();

    private static string OneLine<T>(CliServices services, AccountOutcome<T> failed) =>
        AccountResults.From([failed], _ => (null, ""), _ => null, services.AwsCalls)[0].Error ?? "failed";
}
