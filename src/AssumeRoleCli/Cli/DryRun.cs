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

    public static async Task<int> FinishAsync(Terminal terminal, OutputFormat format, Plan plan)
    {
        if (format == OutputFormat.Json)
        {
            await terminal.Out.WriteLineAsync(ResultWriter.Json(terminal, PlanDocument.From(plan), OutputJsonContext.Default.PlanDocument));
        }

        await terminal.Error.WriteLineAsync($"{Environment.NewLine}{Done}");
        return ExitCodes.Success;
    }
}
