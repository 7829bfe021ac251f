using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>Renders a <see cref="Plan"/> the way Terraform does, with +/~/- markers.</summary>
public static class PlanRenderer
{
    /// <param name="palette">Colours the markers (green +, yellow ~, red -); plain text when null.</param>
    public static string Render(Plan plan, Palette? palette = null)
    {
        palette ??= Palette.Plain;
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
            text.AppendLine($"  {Marker(change.Action, palette)} resource \"{change.ResourceType}\" \"{change.Name}\" {{");
            var width = change.Attributes.Count == 0 ? 0 : change.Attributes.Max(a => a.Name.Length);
            foreach (var attribute in change.Attributes)
            {
                text.AppendLine(RenderAttribute(change.Action, attribute, width, palette));
            }

            text.AppendLine("    }");
        }

        text.AppendLine();
        text.AppendLine(palette.Bold(plan.Summary));
        return text.ToString();
    }

    private static string RenderAttribute(ChangeAction action, AttributeChange attribute, int width, Palette palette)
    {
        var name = attribute.Name.PadRight(width);
        return (attribute.Before, attribute.After) switch
        {
            (null, { } after) => $"      {palette.Added("+")} {name} = {after}",
            ({ } before, null) => $"      {palette.Removed("-")} {name} = {before}",
            ({ } before, { } after) when attribute.IsChanged => $"      {palette.Changed("~")} {name} = {before} -> {after}",
            (_, { } same) when action == ChangeAction.Delete => $"      {palette.Removed("-")} {name} = {same}",
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

    private static string Marker(ChangeAction action, Palette palette) => action switch
    {
        ChangeAction.Create => palette.Added("+"),
        ChangeAction.Update => palette.Changed("~"),
        _ => palette.Removed("-"),
    };
}
