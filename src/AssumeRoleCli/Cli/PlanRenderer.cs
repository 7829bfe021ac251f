using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>Renders a <see cref="Plan"/> the way Terraform does, with +/~/- markers.</summary>
public static class PlanRenderer
{
    public static string Render(Plan plan)
    {
        var text = new System.Text.StringBuilder();
        if (plan.IsEmpty)
        {
            text.AppendLine("No changes. Your infrastructure matches the configuration.");
            return text.ToString();
        }

        text.AppendLine("AssumeRoleCli will perform the following actions:");
        foreach (var change in plan.Changes)
        {
            text.AppendLine();
            text.AppendLine($"  # {change.Address} will be {Verb(change.Action)}");
            text.AppendLine($"  {Marker(change.Action)} resource \"{change.ResourceType}\" \"{change.Name}\" {{");
            var width = change.Attributes.Count == 0 ? 0 : change.Attributes.Max(a => a.Name.Length);
            foreach (var attribute in change.Attributes)
            {
                text.AppendLine(RenderAttribute(change.Action, attribute, width));
            }

            text.AppendLine("    }");
        }

        text.AppendLine();
        text.AppendLine(plan.Summary);
        return text.ToString();
    }

    private static string RenderAttribute(ChangeAction action, AttributeChange attribute, int width)
    {
        var name = attribute.Name.PadRight(width);
        return (attribute.Before, attribute.After) switch
        {
            (null, { } after) => $"      + {name} = {after}",
            ({ } before, null) => $"      - {name} = {before}",
            ({ } before, { } after) when attribute.IsChanged => $"      ~ {name} = {before} -> {after}",
            (_, { } same) when action == ChangeAction.Delete => $"      - {name} = {same}",
            (_, { } same) => $"        {name} = {same}",
            _ => $"        {name}",
        };
    }

    private static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "created",
        ChangeAction.Update => "updated in-place",
        _ => "destroyed",
    };

    private static char Marker(ChangeAction action) => action switch
    {
        ChangeAction.Create => '+',
        ChangeAction.Update => '~',
        _ => '-',
    };
}
