using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>
/// Each plan, rendered without colour, compared exactly with a golden file in Cli/Golden: create (create-role,
/// launch-instance), change (a drifted role), destroy (teardown). The files are the plan format's specification.
/// </summary>
public class PlanGoldenTests
{
    private const string Destination = "222222222222";
    private static readonly RoleArn Role = RoleArn.For("aws", Destination, "assume_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly ManagedPolicyRef ReadOnly = new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    private static readonly Dictionary<string, string> OurTags = new() { ["ManagedBy"] = "AssumeRoleCli" };

    // Every plan names where it acts: the destination account, the profile that changes it, the source that assumes the role, the region.
    private static readonly PlanTarget ByDestination = new([Destination], "us-east-1", "destination");
    private static readonly PlanTarget ThroughTheRole = new([Destination], "us-east-1", null, "profile 'source'");
    private static readonly PlanTarget Both = new([Destination], "us-east-1", "destination", "profile 'source'");

    [Fact]
    public void CreateRole_ShowsTheTrustPolicyAsJsonEncode_AndEveryAttributeAdded_TheArnKnownAfterApply()
    {
        // The destination's account is not asked before CreateRole, whose answer names it: as in Terraform, the ARN is unknown.
        var plan = new RolePlan(Spec(sourceAccount: "111111111111") with { RoleArn = null }, null, false, [Ec2Full], []);

        AssertGolden("create-role.txt", PlanRenderer.Render(plan.ToPlan() with { Target = ByDestination }));
    }

    [Fact]
    public void ADriftedRole_ShowsTheTrustPolicyChangeFieldByField_AndHidesWhatIsUnchanged()
    {
        var existing = new IamRole("assume_role", Role.ToString(), TrustPolicy.ForAccount("aws", "111122223333"), OurTags);
        var plan = new RolePlan(Spec(sourceAccount: "444455556666"), existing, true, [Ec2Full], [ReadOnly]);

        AssertGolden("role-drift.txt", PlanRenderer.Render(plan.ToPlan() with { Target = ByDestination }));
    }

    [Fact]
    public void LaunchInstance_NumbersTheNewInstancesAfterTheRecordedOnes()
    {
        var spec = new LaunchSpec(Role, "us-east-1", "t2.micro", "ami-0123456789abcdef0", false, 3, "subnet-0123abcd", ["sg-0123abcd"], "ops",
            new Dictionary<string, string> { ["Team"] = "core" });
        var running = Instance("i-0123456789abcdef0", "running", "t2.micro");
        const string Token = "0123456789abcdef0123456789abcdef";
        var request = new LaunchRequest(spec.ImageId, spec.InstanceType, 2, Token, spec.SubnetId, spec.SecurityGroupIds, spec.KeyName, InstancePlan.TagsFor(spec, Token));
        var plan = new InstancePlan(spec, [running], request, [], null, [])
        {
            FirstNewIndex = 1,
        };

        AssertGolden("launch-instance.txt", PlanRenderer.Render(plan.ToPlan() with { Target = ThroughTheRole }));
        Assert.Equal(["aws_instance.this[1]", "aws_instance.this[2]"], plan.NewAddresses);
    }

    [Fact]
    public void ALowerCount_ShowsTheDestroyedInstancesAttributesGoing_ToNull()
    {
        var spec = new LaunchSpec(Role, "us-east-1", "t2.micro", "ami-0123456789abcdef0", false, 1, null, [], null, new Dictionary<string, string>());
        var first = Instance("i-0123456789abcdef0", "running", "t2.micro");
        var second = Instance("i-0fedcba9876543210", "running", "t2.micro");
        var plan = new InstancePlan(spec, [first, second], null, [second], null, [])
        {
            Indexes = new Dictionary<string, int> { [first.InstanceId] = 0, [second.InstanceId] = 1 },
        };

        AssertGolden("launch-instance-count-down.txt", PlanRenderer.Render(plan.ToPlan()));
    }

    [Fact]
    public void Teardown_ShowsEveryAttributeGoing_ToNull()
    {
        var first = Instance("i-0123456789abcdef0", "running", "t2.micro");
        var second = Instance("i-0fedcba9876543210", "stopped", "t3.small");
        var instances = new RoleInstances([second, first], [], [], new Dictionary<string, int> { [first.InstanceId] = 0, [second.InstanceId] = 1 });
        var plan = TeardownPlan.Combine([new TeardownPlan(Role, instances, new RoleTeardown(Role, RoleStatus.Ours, true, [Ec2Full]))]);

        AssertGolden("teardown.txt", PlanRenderer.Render(plan with { Target = Both }));
    }

    private static RoleSpec Spec(string sourceAccount) =>
        new("assume_role", Role.ToString(), sourceAccount, TrustPolicy.ForAccount("aws", sourceAccount), [Ec2Full]);

    private static InstanceInfo Instance(string id, string state, string type) =>
        new(id, state, type, "ami-0123456789abcdef0", Destination, ManagedTags.ForInstance(Role.ToString()));

    private static void AssertGolden(string name, string rendered)
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cli", "Golden", name)).ReplaceLineEndings();
        if (Environment.GetEnvironmentVariable("ASSUMEROLE_UPDATE_GOLDEN") is { Length: > 0 } sourceDirectory && expected != rendered)
        {
            // Opt-in regeneration for a deliberate change of the plan's text: the diff is then reviewed in git.
            File.WriteAllText(Path.Combine(sourceDirectory, name), rendered);
        }

        Assert.Equal(expected, rendered);
    }
}
