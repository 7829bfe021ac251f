using System.Text.Json;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// --dry-run, shared by every changing command: the plan, already rendered, is the outcome. Nothing is asked and
/// nothing changed; with --output json, stdout holds the plan as data.
/// </summary>
public static class DryRun
{
    public const string Done = "Dry run (--dry-run): nothing was changed.";

    /// <param name="leftOut">A plan of many accounts: the accounts left out of it and why (in JSON <c>"left_out"</c>, present only then).</param>
    public static async Task<int> FinishAsync(Terminal terminal, OutputFormat format, Plan plan, IReadOnlyList<AccountResult>? leftOut = null)
    {
        if (format == OutputFormat.Json)
        {
            var document = PlanDocument.From(plan) with { LeftOut = leftOut is { Count: > 0 } ? leftOut : null };
            await terminal.Out.WriteLineAsync(ResultWriter.Json(terminal, document, OutputJsonContext.Default.PlanDocument));
        }

        await terminal.Error.WriteLineAsync($"{Environment.NewLine}{Done}");
        return ExitCodes.Success;
    }
}
