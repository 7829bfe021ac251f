using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;
using static AssumeRoleCli.Tests.Fixtures.SimulationExpectations;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// The --scope managed-instances policy, judged by an IAM policy simulator as AWS would judge it (moto cannot:
/// see ScopedRoleTests): every call launch-instance and teardown make is allowed, each with the request context AWS
/// gives it; launching without our tags, tagging later, and touching instances of others are refused.
/// </summary>
public class ManagedInstancesPolicySimulationTests
{
    private const string Account = "444455556666";
    private static readonly RoleArn Role = RoleArn.For("aws", Account, "assume_role");
    private static readonly string Policy = ManagedInstancesPolicy.For(Role);
    private static readonly string Session = $"arn:aws:sts::{Account}:assumed-role/assume_role/assumerole-cli";
    private static readonly string Instance = $"arn:aws:ec2:eu-west-1:{Account}:instance/i-0123456789abcdef0";

    /// <summary>The tags launch-instance sets at launch, plus one user --tag, as RunInstances' request context.</summary>
    private static Dictionary<string, object> LaunchTags(string roleTag) => new()
    {
        ["aws:RequestTag/ManagedBy"] = ManagedTags.ManagedByValue,
        ["aws:RequestTag/AssumeRoleCli:Role"] = roleTag,
        ["aws:RequestTag/AssumeRoleCli:ClientToken"] = "0123456789abcdef",
        ["aws:RequestTag/Name"] = "assumerole-assume_role",
        ["aws:RequestTag/Team"] = "core",
        ["aws:TagKeys"] = new[] { "ManagedBy", "AssumeRoleCli:Role", "AssumeRoleCli:ClientToken", "Name", "Team" },
    };

    /// <summary>An existing instance's tags, as AWS gives them to a request on it (both prefixes).</summary>
    private static Dictionary<string, object> InstanceTags(string managedBy, string roleTag) => new()
    {
        ["ec2:ResourceTag/ManagedBy"] = managedBy,
        ["ec2:ResourceTag/AssumeRoleCli:Role"] = roleTag,
        ["aws:ResourceTag/ManagedBy"] = managedBy,
        ["aws:ResourceTag/AssumeRoleCli:Role"] = roleTag,
    };

    private static (SimulatedRequest, string) Case(string name, string action, string resource, Dictionary<string, object>? context, string expected) =>
        (new SimulatedRequest(name, Policy, action, resource, Session, context), expected);

    [Fact]
    public async Task EveryCallOfLaunchInstanceAndTeardown_IsAllowed()
    {
        var ours = LaunchTags(Role.ToString());
        await AssertDecisionsAsync(
        [
            Case("DescribeImages", "ec2:DescribeImages", "*", null, Allowed),
            Case("DescribeInstanceTypes", "ec2:DescribeInstanceTypes", "*", null, Allowed),
            Case("DescribeInstances", "ec2:DescribeInstances", "*", null, Allowed),
            Case("RunInstances: the instance, with our tags", "ec2:RunInstances", Instance, ours, Allowed),
            Case("RunInstances: the image", "ec2:RunInstances", "arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0", null, Allowed),
            Case("RunInstances: the subnet", "ec2:RunInstances", $"arn:aws:ec2:eu-west-1:{Account}:subnet/subnet-0123abcd", null, Allowed),
            Case("RunInstances: the network interface", "ec2:RunInstances", $"arn:aws:ec2:eu-west-1:{Account}:network-interface/eni-0123abcd", null, Allowed),
            Case("RunInstances: the security group", "ec2:RunInstances", $"arn:aws:ec2:eu-west-1:{Account}:security-group/sg-0123abcd", null, Allowed),
            Case("RunInstances: the root volume", "ec2:RunInstances", $"arn:aws:ec2:eu-west-1:{Account}:volume/vol-0123abcd", null, Allowed),
            Case("RunInstances: the key pair", "ec2:RunInstances", $"arn:aws:ec2:eu-west-1:{Account}:key-pair/my-key", null, Allowed),
            Case("CreateTags as part of RunInstances", "ec2:CreateTags", Instance, new(ours) { ["ec2:CreateAction"] = "RunInstances" }, Allowed),
            Case("TerminateInstances: ours", "ec2:TerminateInstances", Instance, InstanceTags("AssumeRoleCli", Role.ToString()), Allowed),
            Case("StopInstances: ours", "ec2:StopInstances", Instance, InstanceTags("AssumeRoleCli", Role.ToString()), Allowed),
            Case("StartInstances: ours", "ec2:StartInstances", Instance, InstanceTags("AssumeRoleCli", Role.ToString()), Allowed),
        ]);
    }

    [Fact]
    public async Task LaunchingWithoutOurTags_TaggingLater_AndOthersInstances_AreRefused()
    {
        var otherRole = $"arn:aws:iam::{Account}:role/other";
        await AssertDecisionsAsync(
        [
            Case("RunInstances: untagged", "ec2:RunInstances", Instance, null, ImplicitlyDenied),
            Case("RunInstances: ManagedBy only", "ec2:RunInstances", Instance,
                new() { ["aws:RequestTag/ManagedBy"] = "AssumeRoleCli", ["aws:TagKeys"] = new[] { "ManagedBy" } }, ImplicitlyDenied),
            Case("RunInstances: tagged for another role", "ec2:RunInstances", Instance, LaunchTags(otherRole), ImplicitlyDenied),
            Case("RunInstances: from a snapshot", "ec2:RunInstances", "arn:aws:ec2:eu-west-1::snapshot/snap-0123abcd", null, ImplicitlyDenied),
            Case("CreateTags after launch", "ec2:CreateTags", Instance, LaunchTags(Role.ToString()), ImplicitlyDenied),
            Case("CreateTags on a volume", "ec2:CreateTags", $"arn:aws:ec2:eu-west-1:{Account}:volume/vol-0123abcd",
                new() { ["ec2:CreateAction"] = "RunInstances" }, ImplicitlyDenied),
            Case("DeleteTags", "ec2:DeleteTags", Instance, InstanceTags("AssumeRoleCli", Role.ToString()), ImplicitlyDenied),
            Case("TerminateInstances: untagged", "ec2:TerminateInstances", Instance, null, ImplicitlyDenied),
            Case("TerminateInstances: another role's", "ec2:TerminateInstances", Instance, InstanceTags("AssumeRoleCli", otherRole), ImplicitlyDenied),
            Case("TerminateInstances: not ManagedBy us", "ec2:TerminateInstances", Instance, InstanceTags("Terraform", Role.ToString()), ImplicitlyDenied),
            Case("StopInstances: untagged", "ec2:StopInstances", Instance, null, ImplicitlyDenied),
            Case("StartInstances: another role's", "ec2:StartInstances", Instance, InstanceTags("AssumeRoleCli", otherRole), ImplicitlyDenied),
            Case("ModifyInstanceAttribute", "ec2:ModifyInstanceAttribute", Instance, InstanceTags("AssumeRoleCli", Role.ToString()), ImplicitlyDenied),
            Case("CreateVpc", "ec2:CreateVpc", $"arn:aws:ec2:eu-west-1:{Account}:vpc/*", null, ImplicitlyDenied),
            Case("DescribeVpcs", "ec2:DescribeVpcs", "*", null, ImplicitlyDenied),
            Case("iam:PassRole", "iam:PassRole", Role.ToString(), null, ImplicitlyDenied),
        ]);
    }

    /// <summary>create-role --allowed-instance-types t3.micro,t3.small: RunInstances of another type is refused on the instance.</summary>
    [Fact]
    public async Task WithAllowedInstanceTypes_OnlyThoseTypesLaunch()
    {
        var guarded = ManagedInstancesPolicy.For(Role, ["t3.micro", "t3.small"]);
        (SimulatedRequest, string) Launch(string name, string resource, string? type, string expected)
        {
            var context = LaunchTags(Role.ToString());
            if (type is not null)
            {
                context["ec2:InstanceType"] = type;
            }

            return (new SimulatedRequest(name, guarded, "ec2:RunInstances", resource, Session, context), expected);
        }

        await AssertDecisionsAsync(
        [
            Launch("RunInstances: a t3.micro", Instance, "t3.micro", Allowed),
            Launch("RunInstances: a t3.small", Instance, "t3.small", Allowed),
            Launch("RunInstances: an m5.large", Instance, "m5.large", ImplicitlyDenied),
            Launch("RunInstances: a t3.medium", Instance, "t3.medium", ImplicitlyDenied),
            Launch("RunInstances: no type in the request context", Instance, null, ImplicitlyDenied),
            Launch("RunInstances: the root volume of an m5.large", $"arn:aws:ec2:eu-west-1:{Account}:volume/vol-0123abcd", "m5.large", Allowed),
            (new SimulatedRequest("TerminateInstances: ours, whatever its type", guarded, "ec2:TerminateInstances", Instance, Session,
                new Dictionary<string, object>(InstanceTags("AssumeRoleCli", Role.ToString())) { ["ec2:InstanceType"] = "m5.large" }), Allowed),
        ]);
    }
}
