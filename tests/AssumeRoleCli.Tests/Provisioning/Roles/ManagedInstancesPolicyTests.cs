using System.Text.Json;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class ManagedInstancesPolicyTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private const string Instances = "arn:aws:ec2:*:111122223333:instance/*";

    private static JsonElement Statement(string sid)
    {
        using var document = JsonDocument.Parse(ManagedInstancesPolicy.For(Role));
        return document.RootElement.GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == sid).Clone();
    }

    private static List<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!).ToList() : [element.GetString()!];

    private static Dictionary<string, string> Condition(JsonElement statement, string op) =>
        statement.GetProperty("Condition").GetProperty(op).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public void AllowsExactlyTheActionsTheToolUses_AndNothingElse()
    {
        using var document = JsonDocument.Parse(ManagedInstancesPolicy.For(Role));
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
        Assert.Equal(
            ["ec2:CreateTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:RunInstances",
             "ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"],
            statements.SelectMany(s => Strings(s.GetProperty("Action"))).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(statements, s => Strings(s.GetProperty("Action")).Any(a => a.Contains('*', StringComparison.Ordinal)));
    }

    [Fact]
    public void Describes_AreAllowedOnEveryResource_SinceTheySupportNoResourceLevelPermissions()
    {
        var describe = Statement("DescribeImagesInstancesAndTypes");

        Assert.Equal(["*"], Strings(describe.GetProperty("Resource")));
        Assert.False(describe.TryGetProperty("Condition", out _));
    }

    [Fact]
    public void RunInstances_NeedsOurTwoTagsOnTheInstance()
    {
        var run = Statement("RunOnlyInstancesTaggedForThisRole");

        Assert.Equal(["ec2:RunInstances"], Strings(run.GetProperty("Action")));
        Assert.Equal([Instances], Strings(run.GetProperty("Resource")));
        Assert.Equal(
            new Dictionary<string, string> { ["aws:RequestTag/ManagedBy"] = "AssumeRoleCli", ["aws:RequestTag/AssumeRoleCli:Role"] = Role.ToString() },
            Condition(run, "StringEquals"));
    }

    [Fact]
    public void RunInstances_OnTheOtherResourcesItTouches_IsUnconditioned_ButNeverCoversTheInstance()
    {
        var uses = Statement("RunInstancesUsingTheseResources");

        Assert.Equal(
            ["arn:aws:ec2:*::image/*", "arn:aws:ec2:*:111122223333:subnet/*", "arn:aws:ec2:*:111122223333:network-interface/*",
             "arn:aws:ec2:*:111122223333:security-group/*", "arn:aws:ec2:*:111122223333:volume/*", "arn:aws:ec2:*:111122223333:key-pair/*"],
            Strings(uses.GetProperty("Resource")));
        Assert.False(uses.TryGetProperty("Condition", out _));
        Assert.DoesNotContain(Strings(uses.GetProperty("Resource")), r => r.Contains(":instance/", StringComparison.Ordinal) || r == "*");
    }

    [Fact]
    public void CreateTags_OnlyWhileLaunching()
    {
        var tag = Statement("TagOnlyWhileLaunching");

        Assert.Equal(["ec2:CreateTags"], Strings(tag.GetProperty("Action")));
        Assert.Equal([Instances], Strings(tag.GetProperty("Resource")));
        Assert.Equal(new Dictionary<string, string> { ["ec2:CreateAction"] = "RunInstances" }, Condition(tag, "StringEquals"));
    }

    [Fact]
    public void StopStartTerminate_OnlyInstancesTaggedForThisRole()
    {
        var manage = Statement("ManageOnlyInstancesTaggedForThisRole");

        Assert.Equal(["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"], Strings(manage.GetProperty("Action")));
        Assert.Equal([Instances], Strings(manage.GetProperty("Resource")));
        Assert.Equal(
            new Dictionary<string, string> { ["ec2:ResourceTag/ManagedBy"] = "AssumeRoleCli", ["ec2:ResourceTag/AssumeRoleCli:Role"] = Role.ToString() },
            Condition(manage, "StringEquals"));
    }

    [Fact]
    public void TheRolesPartitionAndAccount_AreUsed_AndTagKeysAreNotLimited()
    {
        var document = ManagedInstancesPolicy.For(RoleArn.For("aws-cn", "444455556666", "r+1"));

        Assert.Contains("arn:aws-cn:ec2:*:444455556666:instance/*", document, StringComparison.Ordinal);
        Assert.Contains("arn:aws-cn:ec2:*::image/*", document, StringComparison.Ordinal);
        Assert.Contains("\"arn:aws-cn:iam::444455556666:role/r+1\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("arn:aws:", document, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:TagKeys", document, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesTheTagsLaunchInstanceSets()
    {
        var tags = ManagedTags.ForInstance(Role.ToString());

        Assert.Equal(tags, Condition(Statement("RunOnlyInstancesTaggedForThisRole"), "StringEquals")
            .ToDictionary(p => p.Key["aws:RequestTag/".Length..], p => p.Value));
    }

    [Fact]
    public void AllowedInstanceTypes_AreAnInstanceTypeConditionOfTheInstancesRunInstances_SortedOnceEach()
    {
        using var document = JsonDocument.Parse(ManagedInstancesPolicy.For(Role, ["t3.small", "t3.micro", "t3.small"]));
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var run = statements.Single(s => s.GetProperty("Sid").GetString() == "RunOnlyInstancesTaggedForThisRole");
        var equals = run.GetProperty("Condition").GetProperty("StringEquals");

        Assert.Equal(["t3.micro", "t3.small"], Strings(equals.GetProperty("ec2:InstanceType")));
        Assert.Equal(Role.ToString(), equals.GetProperty("aws:RequestTag/AssumeRoleCli:Role").GetString());
        Assert.Single(statements, s => s.ToString().Contains("ec2:InstanceType", StringComparison.Ordinal));
        Assert.DoesNotContain("ec2:InstanceType", ManagedInstancesPolicy.For(Role), StringComparison.Ordinal);
        Assert.DoesNotContain("ec2:InstanceType", ManagedInstancesPolicy.For(Role, []), StringComparison.Ordinal);
    }
}
