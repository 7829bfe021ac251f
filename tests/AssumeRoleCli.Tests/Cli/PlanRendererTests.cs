using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>The parts of Terraform's plan format the golden files do not pin down one by one.</summary>
public class PlanRendererTests
{
    private static string Render(ChangeAction action, params AttributeChange[] attributes) =>
        PlanRenderer.Render(new Plan([new ResourceChange(action, "aws_iam_role", "r", attributes)])).ReplaceLineEndings("\n");

    [Fact]
    public void TheLegend_ListsOnlyTheSymbolsThePlanUses_InTerraformsOrder()
    {
        var plan = new Plan(
        [
            new ResourceChange(ChangeAction.Delete, "aws_instance", "this", [AttributeChange.Removed("id", PlanValue.Text("i-1"))], 0),
            new ResourceChange(ChangeAction.Create, "aws_iam_role", "r", [AttributeChange.Added("name", PlanValue.Text("r"))]),
        ]);

        var text = PlanRenderer.Render(plan).ReplaceLineEndings("\n");

        Assert.StartsWith(
            "AssumeRoleCli used the selected profiles to generate the following execution\n" +
            "plan. Resource actions are indicated with the following symbols:\n  + create\n  - destroy\n\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("  # aws_instance.this[0] will be destroyed\n  - resource \"aws_instance\" \"this\" {\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\nPlan: 1 to add, 0 to change, 1 to destroy.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedString_ShowsBeforeAndAfter_AndUnchangedAttributesAreCounted_ExceptIdentifyingOnes()
    {
        var text = Render(ChangeAction.Update,
            AttributeChange.Unchanged("name", PlanValue.Text("r")),
            AttributeChange.Unchanged("arn", PlanValue.Text("arn:x")),
            AttributeChange.Unchanged("path", PlanValue.Text("/")),
            new AttributeChange("description", PlanValue.Text("old"), PlanValue.Text("new \"quoted\"")));

        Assert.Contains("      ~ description = \"old\" -> \"new \\\"quoted\\\"\"\n", text, StringComparison.Ordinal);
        Assert.Contains("        name        = \"r\"\n", text, StringComparison.Ordinal);
        Assert.Contains("        # (2 unchanged attributes hidden)\n    }\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("arn:x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonArray_ShowsTheUnchangedElementsNextToAChange_AndCountsTheRest()
    {
        var before = """{"Action":["a","b","c","d","e"]}""";
        var after = """{"Action":["a","b","c","D","e"]}""";

        var text = Render(ChangeAction.Update, new AttributeChange("policy", PlanValue.Document(before), PlanValue.Document(after)));

        Assert.Contains(
            "              ~ Action = [\n" +
            "                    # (2 unchanged elements hidden)\n" +
            "                    \"c\",\n" +
            "                  - \"d\",\n" +
            "                  + \"D\",\n" +
            "                    \"e\",\n" +
            "                ]\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonValueChangingKind_AndKeysThatAreNotIdentifiers_AreShownAsTerraformDoes()
    {
        var before = """{"Condition":{"aws:SourceAccount":"1"},"Principal":"*"}""";
        var after = """{"Condition":{"aws:SourceAccount":"2"},"Principal":{"AWS":"x"}}""";

        var text = Render(ChangeAction.Update, new AttributeChange("policy", PlanValue.Document(before), PlanValue.Document(after)));

        Assert.Contains("~ \"aws:SourceAccount\" = \"1\" -> \"2\"\n", text, StringComparison.Ordinal);
        Assert.Contains("~ Principal = \"*\" -> {\n", text, StringComparison.Ordinal);
        Assert.Contains("+ AWS = \"x\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ADestroyedDocument_AndMap_EndIn_ToNull()
    {
        var text = Render(ChangeAction.Delete,
            AttributeChange.Removed("policy", PlanValue.Document("""{"Version":"2012-10-17"}""")),
            AttributeChange.Removed("tags", PlanValue.Map(new Dictionary<string, string> { ["k"] = "v" })));

        Assert.Contains("      - policy = jsonencode(\n            {\n              - Version = \"2012-10-17\"\n            } -> null\n        )\n", text, StringComparison.Ordinal);
        Assert.Contains("      - tags   = {\n          - \"k\" = \"v\"\n        } -> null\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoChanges_SaysSo_InTheWordsOfApply_OrOfDestroy()
    {
        Assert.StartsWith("No changes. Your infrastructure matches the configuration.", PlanRenderer.Render(Plan.Empty), StringComparison.Ordinal);
        Assert.StartsWith("No changes. No objects need to be destroyed.", PlanRenderer.Render(Plan.Empty with { IsDestroy = true }), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithColour_ColoursTheResourceMarkersAndTheSummary()
    {
        var plan = new Plan(
        [
            new ResourceChange(ChangeAction.Create, "aws_iam_role", "r", [AttributeChange.Added("name", PlanValue.Text("r"))]),
            new ResourceChange(ChangeAction.Update, "aws_iam_role", "u", [new AttributeChange("policy", PlanValue.Text("a"), PlanValue.Text("b"))]),
            new ResourceChange(ChangeAction.Delete, "aws_instance", "i-1", []),
        ]);

        var lines = PlanRenderer.Render(plan, Palette.Ansi).Split('\n');

        Assert.Contains(lines, l => l.Contains("\u001b[32m", StringComparison.Ordinal) && l.Contains("+\u001b[0m resource \"aws_iam_role\" \"r\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\u001b[33m", StringComparison.Ordinal) && l.Contains("~\u001b[0m resource \"aws_iam_role\" \"u\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\u001b[31m", StringComparison.Ordinal) && l.Contains("-\u001b[0m resource \"aws_instance\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\u001b[1mPlan: 1 to add, 1 to change, 1 to destroy.", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', PlanRenderer.Render(plan, Palette.Plain));
        Assert.Equal(PlanRenderer.Render(plan), PlanRenderer.Render(plan, Palette.Plain));
    }

    [Theory]
    [InlineData(false, "No changes. Your infrastructure matches the configuration.")]
    [InlineData(true, "No changes. No objects need to be destroyed.")]
    public void ANoChangesPlan_StillNamesTheAccountsAndRegionItLookedAt(bool destroy, string firstLine)
    {
        var plan = Plan.Empty with { IsDestroy = destroy, Target = new PlanTarget(["111122223333", "444455556666"], "eu-west-1", "destination") };

        var text = PlanRenderer.Render(plan).ReplaceLineEndings("\n");

        Assert.StartsWith(firstLine, text, StringComparison.Ordinal);
        Assert.EndsWith("\nTarget: accounts 111122223333, 444455556666 (profile 'destination'), region eu-west-1.\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "AssumeRoleCli has compared what exists in AWS with what was asked for in those\naccounts and found no differences.")]
    [InlineData(true, "No objects need to be destroyed in those accounts: either nothing was created\nyet, or it was already deleted.")]
    public void NoChanges_WhereAccountsWereLeftOut_SaysWhatIsTrueOfTheAccountsThatPlanned_NotThatEverythingMatches(bool destroy, string why)
    {
        var plan = Plan.Empty with { IsDestroy = destroy, Target = new PlanTarget(["111122223333", "444455556666"], "eu-west-1", "destination") };
        string[] summaries = ["account[\"111122223333\"]: no changes.", "account[\"444455556666\"]: no changes.", "account[\"777788889999\"]: failed to plan; left out of this plan."];

        var text = PlanRenderer.Render(plan, accountSummaries: summaries, leftOut: new AccountsLeftOut(2, 1, 0)).ReplaceLineEndings("\n");

        Assert.StartsWith($"No changes in the 2 accounts that planned; 1 failed to plan (see above).\n\n{why} Accounts left out of", text, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes.", text.Split('\n')[0], StringComparison.Ordinal);
        Assert.EndsWith("\nTarget: accounts 111122223333, 444455556666 (profile 'destination'), region eu-west-1.\n\n" + string.Join("\n", summaries) + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoChanges_WhereNoAccountPlanned_ClaimsNoChanges()
    {
        var plan = Plan.Empty with { Target = new PlanTarget([], "eu-west-1", "destination") };

        var failed = PlanRenderer.Render(plan, leftOut: new AccountsLeftOut(0, 3, 0)).ReplaceLineEndings("\n");
        var stopped = PlanRenderer.Render(plan, leftOut: new AccountsLeftOut(0, 1, 2)).ReplaceLineEndings("\n");

        Assert.StartsWith("No account was planned: 3 failed to plan (see above).\n\nAccounts left out of this plan were not compared: fix the errors above and run\nagain.\n", failed, StringComparison.Ordinal);
        Assert.StartsWith("No account was planned: 1 failed to plan (see above), 2 not planned (--fail-fast).\n", stopped, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes", failed + stopped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryAccountPlanned_TheWordsAreTheSingleAccountsOnes(bool destroy)
    {
        var plan = Plan.Empty with { IsDestroy = destroy, Target = new PlanTarget(["111122223333"], "eu-west-1", "destination") };
        var changes = new Plan([new ResourceChange(ChangeAction.Create, "aws_iam_role", "r", [AttributeChange.Added("name", PlanValue.Text("r"))])]);

        Assert.Equal(PlanRenderer.Render(plan, accountSummaries: ["s"]), PlanRenderer.Render(plan, accountSummaries: ["s"], leftOut: new AccountsLeftOut(1, 0, 0)));
        Assert.Equal(PlanRenderer.Render(changes, accountSummaries: ["s"]), PlanRenderer.Render(changes, accountSummaries: ["s"], leftOut: new AccountsLeftOut(1, 2, 0)));
    }

    /// <summary>
    /// --fail-fast and an account failed to plan while others (in parallel) planned changes: their changes are shown,
    /// and then that none of them will be made, not left for the results table's "skipped" to say.
    /// </summary>
    [Fact]
    public void ChangesPlanned_ButStoppedByFailFast_SaysNothingWillBeApplied()
    {
        var changes = new Plan([new ResourceChange(ChangeAction.Create, "aws_iam_role", "r", [AttributeChange.Added("name", PlanValue.Text("r"))])]);

        var stopped = PlanRenderer.Render(changes, accountSummaries: ["s"], leftOut: new AccountsLeftOut(2, 1, 0, Stopped: true)).ReplaceLineEndings("\n");
        var goingOn = PlanRenderer.Render(changes, accountSummaries: ["s"], leftOut: new AccountsLeftOut(2, 1, 0)).ReplaceLineEndings("\n");

        Assert.EndsWith(
            "\nPlan: 1 to add, 0 to change, 0 to destroy.\n\nNothing will be applied in any account: 1 account failed to plan, and\n--fail-fast stops the run before anything changes.\n",
            stopped,
            StringComparison.Ordinal);
        Assert.EndsWith("\nPlan: 1 to add, 0 to change, 0 to destroy.\n", goingOn, StringComparison.Ordinal);
    }
}
