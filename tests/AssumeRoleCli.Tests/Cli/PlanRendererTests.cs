using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

public class PlanRendererTests
{
    [Fact]
    public void Render_ACreate_UsesPlusMarkersAndTheSummary()
    {
        var plan = new Plan([new ResourceChange(ChangeAction.Create, "aws_iam_role", "assume_role", [AttributeChange.Added("name", "\"assume_role\"")])]);

        var text = PlanRenderer.Render(plan);

        Assert.Contains("# aws_iam_role.assume_role will be created", text, StringComparison.Ordinal);
        Assert.Contains("+ resource \"aws_iam_role\" \"assume_role\" {", text, StringComparison.Ordinal);
        Assert.Contains("+ name = \"assume_role\"", text, StringComparison.Ordinal);
        Assert.EndsWith("Plan: 1 to add, 0 to change, 0 to destroy." + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnUpdate_ShowsBeforeAndAfter()
    {
        var plan = new Plan([new ResourceChange(ChangeAction.Update, "aws_iam_role", "r",
        [
            AttributeChange.Unchanged("name", "\"r\""),
            new AttributeChange("assume_role_policy", "old", "new"),
            AttributeChange.Removed("managed_policy_arn", "\"arn:x\""),
        ])]);

        var text = PlanRenderer.Render(plan);

        Assert.Contains("~ resource \"aws_iam_role\" \"r\" {", text, StringComparison.Ordinal);
        Assert.Contains("~ assume_role_policy = old -> new", text, StringComparison.Ordinal);
        Assert.Contains("- managed_policy_arn", text, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ADelete_CountsDestroys()
    {
        var plan = new Plan(
        [
            new ResourceChange(ChangeAction.Delete, "aws_instance", "i-1", [AttributeChange.Unchanged("id", "\"i-1\"")]),
            new ResourceChange(ChangeAction.Delete, "aws_iam_role", "r", []),
        ]);

        var text = PlanRenderer.Render(plan);

        Assert.Contains("- resource \"aws_instance\" \"i-1\" {", text, StringComparison.Ordinal);
        Assert.Contains("- id = \"i-1\"", text, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoChanges_SaysSo()
    {
        Assert.StartsWith("No changes.", PlanRenderer.Render(Plan.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithColour_ColoursOnlyTheMarkers()
    {
        var plan = new Plan(
        [
            new ResourceChange(ChangeAction.Create, "aws_iam_role", "r", [AttributeChange.Added("name", "\"r\"")]),
            new ResourceChange(ChangeAction.Update, "aws_iam_role", "u", [new AttributeChange("policy", "a", "b")]),
            new ResourceChange(ChangeAction.Delete, "aws_instance", "i-1", []),
        ]);

        var text = PlanRenderer.Render(plan, Palette.Ansi);

        Assert.Contains("  \u001b[32m+\u001b[0m resource \"aws_iam_role\" \"r\" {", text, StringComparison.Ordinal);
        Assert.Contains("      \u001b[32m+\u001b[0m name = \"r\"", text, StringComparison.Ordinal);
        Assert.Contains("  \u001b[33m~\u001b[0m resource", text, StringComparison.Ordinal);
        Assert.Contains("  \u001b[31m-\u001b[0m resource \"aws_instance\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', PlanRenderer.Render(plan, Palette.Plain));
        Assert.Equal(PlanRenderer.Render(plan), PlanRenderer.Render(plan, Palette.Plain));
    }
}
