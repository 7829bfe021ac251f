using System.Text.Json;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>--dry-run --output json: the plan as data on stdout, in the shape the README promises.</summary>
public class PlanDocumentTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "222222222222", "assume_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");

    private static async Task<(JsonElement Plan, string Stderr)> DryRunAsync(Plan plan)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await DryRun.FinishAsync(new Terminal(stdout, stderr, TextReader.Null, false), OutputFormat.Json, plan);
        Assert.Equal(0, exit);
        Assert.Single(stdout.ToString().TrimEnd().Split('\n'));
        using var json = JsonDocument.Parse(stdout.ToString());
        return (json.RootElement.Clone(), stderr.ToString());
    }

    [Fact]
    public async Task ACreate_HasEveryAttributeWithNoBefore_AndValuesKeepTheirShape()
    {
        var spec = new RoleSpec("assume_role", Role.ToString(), "111111111111", TrustPolicy.ForAccount("aws", "111111111111"), [Ec2Full]);

        var target = new PlanTarget(["222222222222"], "us-east-2", "destination");
        var (plan, stderr) = await DryRunAsync(new RolePlan(spec, null, false, [Ec2Full], []).ToPlan() with { Target = target });

        Assert.Equal(["target", "changes", "add", "change", "destroy"], plan.EnumerateObject().Select(p => p.Name));
        var where = plan.GetProperty("target");
        Assert.Equal(["222222222222"], where.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(("us-east-2", "destination"), (where.GetProperty("region").GetString(), where.GetProperty("profile").GetString()));
        Assert.Equal(JsonValueKind.Null, where.GetProperty("assumed_with").ValueKind);
        Assert.Equal((1, 0, 0), (plan.GetProperty("add").GetInt32(), plan.GetProperty("change").GetInt32(), plan.GetProperty("destroy").GetInt32()));
        var change = Assert.Single(plan.GetProperty("changes").EnumerateArray().ToList());
        Assert.Equal(["action", "address", "attributes"], change.EnumerateObject().Select(p => p.Name));
        Assert.Equal("create", change.GetProperty("action").GetString());
        Assert.Equal("aws_iam_role.assume_role", change.GetProperty("address").GetString());
        var attributes = change.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(["arn", "assume_role_policy", "managed_policy_arns", "max_session_duration", "name", "tags"], attributes.Keys);
        Assert.All(attributes.Values, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("before").ValueKind));
        Assert.Equal(Role.ToString(), attributes["arn"].GetProperty("after").GetString());
        Assert.Equal(
            "arn:aws:iam::111111111111:root",
            attributes["assume_role_policy"].GetProperty("after").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal([Ec2Full.Arn], attributes["managed_policy_arns"].GetProperty("after").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("AssumeRoleCli", attributes["tags"].GetProperty("after").GetProperty("ManagedBy").GetString());
        Assert.Contains(DryRun.Done, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeleteGivenUnchangedAttributes_StillHasNoAfter()
    {
        var plan = new Plan([new ResourceChange(ChangeAction.Delete, "aws_instance", "this", [AttributeChange.Unchanged("id", PlanValue.Text("i-1"))], 1)]);

        var (json, _) = await DryRunAsync(plan);

        var attribute = Assert.Single(json.GetProperty("changes")[0].GetProperty("attributes").EnumerateArray().ToList());
        Assert.Equal("i-1", attribute.GetProperty("before").GetString());
        Assert.Equal(JsonValueKind.Null, attribute.GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task AnUpdate_HasBeforeAndAfter_ADelete_HasNoAfter_AndUnknownValuesAreLeftOut()
    {
        var plan = new Plan(
        [
            new ResourceChange(ChangeAction.Update, "aws_iam_role", "r", [new AttributeChange("description", PlanValue.Text("old"), PlanValue.Text("new"))]),
            new ResourceChange(ChangeAction.Delete, "aws_instance", "this", [AttributeChange.Removed("id", PlanValue.Text("i-1"))], 0),
            new ResourceChange(ChangeAction.Create, "aws_instance", "this", [AttributeChange.Added("id", PlanValue.KnownAfterApply)], 1),
        ]);

        var (json, _) = await DryRunAsync(plan);

        var changes = json.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["update", "delete", "create"], changes.Select(c => c.GetProperty("action").GetString()));
        Assert.Equal(["aws_iam_role.r", "aws_instance.this[0]", "aws_instance.this[1]"], changes.Select(c => c.GetProperty("address").GetString()));
        var updated = Assert.Single(changes[0].GetProperty("attributes").EnumerateArray().ToList());
        Assert.Equal(("old", "new"), (updated.GetProperty("before").GetString(), updated.GetProperty("after").GetString()));
        var deleted = Assert.Single(changes[1].GetProperty("attributes").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("after").ValueKind);
        Assert.Empty(changes[2].GetProperty("attributes").EnumerateArray());
        Assert.Equal((1, 1, 1), (json.GetProperty("add").GetInt32(), json.GetProperty("change").GetInt32(), json.GetProperty("destroy").GetInt32()));
    }

    [Fact]
    public async Task OnATerminal_TheJsonIsIndented_AndInAPipeItIsOneLine()
    {
        var plan = new Plan([new ResourceChange(ChangeAction.Create, "aws_instance", "this", [AttributeChange.Added("instance_type", PlanValue.Text("t2.micro"))], 0)]);
        var (terminalOut, pipeOut) = (new StringWriter(), new StringWriter());

        await DryRun.FinishAsync(new Terminal(terminalOut, new StringWriter(), TextReader.Null, true, outWidth: 80), OutputFormat.Json, plan);
        await DryRun.FinishAsync(new Terminal(pipeOut, new StringWriter(), TextReader.Null, false), OutputFormat.Json, plan);

        Assert.Contains("\n  \"changes\": [", terminalOut.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(pipeOut.ToString().TrimEnd().Split('\n'));
        using var indented = JsonDocument.Parse(terminalOut.ToString());
        using var compact = JsonDocument.Parse(pipeOut.ToString());
        Assert.Equal(compact.RootElement.GetRawText(), JsonSerializer.Serialize(indented.RootElement));
    }
}
