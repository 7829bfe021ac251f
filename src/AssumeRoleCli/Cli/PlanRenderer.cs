using System.Text;
using AssumeRoleCli.Provisioning;
using static AssumeRoleCli.Cli.PlanText;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Renders a <see cref="Plan"/> the way Terraform does: the legend of symbols, one block per resource with its
/// attributes sorted and aligned (unchanged ones counted, not shown, in an update), JSON documents as
/// <c>jsonencode(...)</c>, and the summary line. The one place a plan becomes text.
/// </summary>
public static class PlanRenderer
{
    private const int Columns = 78;

    /// <param name="palette">Colours the resource markers (green +, yellow ~, red -) and the summary; plain text when null.</param>
    /// <param name="accountSummaries">A plan of many accounts: one line per account, said before the total.</param>
    /// <param name="leftOut">A plan of many accounts: how many planned and how many were left out of it.</param>
    public static string Render(Plan plan, Palette? palette = null, IReadOnlyList<string>? accountSummaries = null, AccountsLeftOut? leftOut = null)
    {
        palette ??= Palette.Plain;
        var text = new StringBuilder();
        if (plan.IsEmpty)
        {
            text.Append(leftOut is { Any: true } ? NoChangesWithout(plan, leftOut)
                : plan.IsDestroy
                ? "No changes. No objects need to be destroyed.\n\n" + Wrap("Either nothing was created yet, or it was already deleted.")
                : "No changes. Your infrastructure matches the configuration.\n\n" +
                  Wrap("AssumeRoleCli has compared what exists in AWS with what was asked for and found no differences, so no changes are needed."));
            AppendLines(text, plan.Notes);
            if (plan.Target is { } checkedIn)
            {
                text.Append('\n').Append(checkedIn.Describe()).Append('\n'); // one line, unwrapped: what a reader looks for
            }

            AppendLines(text, accountSummaries);
            return text.ToString().ReplaceLineEndings();
        }

        text.Append(Wrap("AssumeRoleCli used the selected profiles to generate the following execution plan. Resource actions are indicated with the following symbols:"));
        foreach (var (action, meaning) in new[] { (ChangeAction.Create, "create"), (ChangeAction.Update, "update in-place"), (ChangeAction.Delete, "destroy") })
        {
            if (plan.Changes.Any(c => c.Action == action))
            {
                text.Append(Coloured(palette, action, Symbol(MarkOf(action)))).Append(' ').Append(meaning).Append('\n');
            }
        }

        if (plan.Target is { } target)
        {
            text.Append('\n').Append(target.Describe()).Append('\n'); // one line, unwrapped: what a reader looks for
        }

        text.Append("\nAssumeRoleCli will perform the following actions:\n");
        foreach (var change in plan.Changes)
        {
            text.Append('\n');
            AppendResource(text, change, palette);
        }

        AppendLines(text, plan.Notes);
        AppendLines(text, accountSummaries);
        text.Append('\n').Append(palette.Bold(plan.Summary)).Append('\n');
        if (leftOut is { Stopped: true })
        {
            var failed = leftOut.Failed == 1 ? "1 account" : $"{leftOut.Failed} accounts";
            text.Append('\n').Append(Wrap($"Nothing will be applied in any account: {failed} failed to plan, and --fail-fast stops the run before anything changes."));
        }

        return text.ToString().ReplaceLineEndings();
    }

    /// <summary>
    /// No changes where accounts were left out of the plan: what is true of the accounts that planned (if any did),
    /// never that the infrastructure matches, since the accounts left out were not compared.
    /// </summary>
    private static string NoChangesWithout(Plan plan, AccountsLeftOut leftOut)
    {
        var parts = new List<string>();
        if (leftOut.Failed > 0)
        {
            parts.Add($"{leftOut.Failed} failed to plan (see above)");
        }

        if (leftOut.NotPlanned > 0)
        {
            parts.Add($"{leftOut.NotPlanned} not planned (--fail-fast)");
        }

        var missing = string.Join(", ", parts);
        const string NotCompared = "Accounts left out of this plan were not compared: fix the errors above and run again.";
        if (leftOut.Planned == 0)
        {
            return $"No account was planned: {missing}.\n\n" + Wrap(NotCompared);
        }

        var (planned, there) = leftOut.Planned == 1 ? ("1 account", "that account") : ($"{leftOut.Planned} accounts", "those accounts");
        return $"No changes in the {planned} that planned; {missing}.\n\n" + Wrap((plan.IsDestroy
            ? $"No objects need to be destroyed in {there}: either nothing was created yet, or it was already deleted. "
            : $"AssumeRoleCli has compared what exists in AWS with what was asked for in {there} and found no differences. ") + NotCompared);
    }

    /// <summary>Lines after the plan (what it leaves as it is; each account's summary), one unwrapped line each (greppable, like the Target line).</summary>
    private static void AppendLines(StringBuilder text, IReadOnlyList<string>? lines)
    {
        if (lines is { Count: > 0 })
        {
            text.Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }
    }

    /// <summary>The marker coloured, its indentation not.</summary>
    private static string Coloured(Palette palette, ChangeAction action, string symbol)
    {
        var mark = symbol.TrimStart();
        var indent = symbol[..^mark.Length];
        return indent + action switch
        {
            ChangeAction.Create => palette.Added(mark),
            ChangeAction.Update => palette.Changed(mark),
            _ => palette.Removed(mark),
        };
    }

    private static void AppendResource(StringBuilder text, ResourceChange change, Palette palette)
    {
        text.Append($"  # {change.Address} will be {Verb(change.Action)}\n");
        if (change.Because is { } because)
        {
            text.Append($"  # (because {because})\n");
        }

        text.Append(Coloured(palette, change.Action, Symbol(MarkOf(change.Action)))).Append($" resource {Quote(change.ResourceType)} {Quote(change.Name)} ");
        if (change.Attributes.Count == 0)
        {
            text.Append("{}\n");
            return;
        }

        text.Append("{\n");
        var attributes = change.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var width = attributes.Max(a => a.Name.Length);
        var hidden = 0;
        foreach (var attribute in attributes)
        {
            var mark = PlanValueText.MarkOf(attribute.Before, attribute.After);
            var identifying = IsIdentifying(attribute.Name);
            if (mark == DiffMark.None && !identifying)
            {
                hidden++;
                continue;
            }

            text.Append(Line(1, mark)).Append(attribute.Name.PadRight(width)).Append(" = ")
                .Append(PlanValueText.Render(attribute.Before, attribute.After, 1, showUnchanged: identifying)).Append('\n');
        }

        if (hidden > 0)
        {
            text.Append(Line(1, DiffMark.None)).Append(Unchanged("attribute", hidden)).Append('\n');
        }

        text.Append(Line(0, DiffMark.None)).Append("}\n");
    }

    private static DiffMark MarkOf(ChangeAction action) => action switch
    {
        ChangeAction.Create => DiffMark.Create,
        ChangeAction.Update => DiffMark.Update,
        _ => DiffMark.Delete,
    };

    private static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "created",
        ChangeAction.Update => "updated in-place",
        _ => "destroyed",
    };

    /// <summary>A paragraph wrapped at 78 columns, as Terraform wraps its prose when not writing to a terminal.</summary>
    private static string Wrap(string paragraph)
    {
        var text = new StringBuilder();
        var column = 0;
        foreach (var word in paragraph.Split(' '))
        {
            if (column > 0 && column + 1 + word.Length > Columns)
            {
                text.Append('\n');
                column = 0;
            }
            else if (column > 0)
            {
                text.Append(' ');
                column++;
            }

            text.Append(word);
            column += word.Length;
        }

        return text.Append('\n').ToString();
    }
}

/// <summary>A plan of many accounts: how many accounts planned, failed to plan, or were not planned (--fail-fast stopped the run first).</summary>
/// <param name="Stopped">--fail-fast after a planning failure: nothing is applied, not even in the accounts that planned.</param>
public sealed record AccountsLeftOut(int Planned, int Failed, int NotPlanned, bool Stopped = false)
{
    /// <summary>Some account is left out of the plan.</summary>
    public bool Any => Failed + NotPlanned > 0;
}
