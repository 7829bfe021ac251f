using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// create-role --scope managed-instances against moto: the inline policy is planned as its own resource, stored as
/// generated, drift-corrected and removed again; through the role's credentials moto allows the Describe calls
/// and refuses every action the policy does not name.
/// <para>
/// What moto cannot judge, pinned by <see cref="Moto_CannotJudgeTheScopedStatements_ItMatchesEc2CallsAgainstStarAndIgnoresConditions"/>:
/// moto authorizes every EC2 call against Resource "*" (moto/core/responses.py: only IAM, STS and SQS name a resource),
/// so a statement naming EC2 ARNs never matches there, and it evaluates no condition of an identity policy
/// (moto/iam/access_control.py gets no request values for them and lets every unknown operator pass). So on moto a
/// launch through this role is refused even with the right tags, and nothing shows that an untagged launch or the
/// termination of an untagged instance is refused for the right reason. Those decisions are checked against AWS's
/// evaluation rules by PolicySimulationTests instead.
/// </para>
/// </summary>
public sealed class ScopedRoleTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string PolicyAddress = "resource \"aws_iam_role_policy\" \"assume_role_managed_instances\"";

    private static string RoleArnOf(TwoAccountWorld world) => $"arn:aws:iam::{world.DestinationAccountId}:role/assume_role";

    [Fact]
    public async Task TheScopedPolicy_IsItsOwnResource_StoredAsGenerated_DriftCorrected_AndRemovedWhenTheScopeGoesBack()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        var iam = run.DestinationIam();
        var document = ManagedInstancesPolicy.For(RoleArn.For("aws", run.World.DestinationAccountId, "assume_role"));

        var created = await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains(PolicyAddress, created.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"ec2:RunInstances\"", created.Stdout, StringComparison.Ordinal); // the document, shown as jsonencode(...)
        Assert.Contains("Plan: 2 to add, 0 to change, 0 to destroy.", created.Stdout, StringComparison.Ordinal);
        var stored = await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None);
        Assert.True(PolicyDocument.AreEquivalent(document, stored!), stored);
        Assert.Empty(await iam.ListAttachedPoliciesAsync("assume_role", CancellationToken.None));

        var rerun = await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances");
        Assert.Contains("No changes.", rerun.Stdout, StringComparison.Ordinal);

        await iam.PutInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, document.Replace("\"ec2:TerminateInstances\"", "\"ec2:*\"", StringComparison.Ordinal), CancellationToken.None);
        var corrected = await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances");

        Assert.True(corrected.ExitCode == 0, corrected.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", corrected.Stdout, StringComparison.Ordinal);
        Assert.Contains(PolicyAddress.Replace("resource", "~ resource", StringComparison.Ordinal), corrected.Stdout, StringComparison.Ordinal);
        Assert.True(PolicyDocument.AreEquivalent(document, (await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None))!));

        var fullAccess = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(fullAccess.ExitCode == 0, fullAccess.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 1 to destroy.", fullAccess.Stdout, StringComparison.Ordinal);
        Assert.Null(await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None));
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(await iam.ListAttachedPoliciesAsync("assume_role", CancellationToken.None)).Arn);
    }

    [Fact]
    public async Task ThroughTheScopedRole_TheDescribesWork_ActionsNotInThePolicyAreRefused_AndTeardownRemovesRoleAndPolicy()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances")).ExitCode);
        using var ec2 = await AssumedEc2Async(run.World);

        Assert.NotEmpty((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = [InstancePlanner.CanonicalOwner("aws")!] })).Images ?? []);
        await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());
        await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["t2.micro"] });
        foreach (var notInThePolicy in new Func<Task>[]
        {
            () => ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "not-allowed" }),
            () => ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.9.0.0/16" }),
            () => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()),
        })
        {
            var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(notInThePolicy);
            Assert.True(refused.IsIn(AwsErrorCodes.NotAuthorized), refused.ErrorCode);
        }

        var teardown = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
    }

    [Fact]
    public async Task ARefusedLaunchThroughTheScopedRole_NamesTheScopedPolicyAndWhatItAllows_NotAmazonEc2FullAccess()
    {
        // moto refuses every RunInstances through this role (see the class comment): the refusal a user of the scoped
        // role meets when a launch asks for more than the policy allows.
        var run = new CommandRunner(sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances")).ExitCode);

        var launch = await run.RunAsync("launch-instance", "--auto-approve", "--no-wait");

        Assert.True(launch.ExitCode == 1, launch.ToString());
        var error = Assert.Single(launch.Stderr.Split('\n'), l => l.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains("UnauthorizedOperation", error, StringComparison.Ordinal);
        Assert.Contains($"scoped inline policy {ManagedInstancesPolicy.PolicyName}", error, StringComparison.Ordinal);
        Assert.Contains($"AssumeRoleCli:Role={RoleArnOf(run.World)}", error, StringComparison.Ordinal);
        Assert.Contains("ec2:TerminateInstances", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--policy-name AmazonEC2FullAccess", error, StringComparison.Ordinal);
        Assert.DoesNotContain("attach a policy such as AmazonEC2FullAccess", launch.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Moto_CannotJudgeTheScopedStatements_ItMatchesEc2CallsAgainstStarAndIgnoresConditions()
    {
        var world = sandbox.LeaseWorld();
        var run = new CommandRunner(world);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances")).ExitCode);
        using var ec2 = await AssumedEc2Async(world);
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = [InstancePlanner.CanonicalOwner("aws")!] })).Images[0].ImageId;

        // AWS allows this launch (every resource it touches is allowed, the instance with exactly our tags); moto
        // compares Resource "arn:aws:ec2:*:<account>:instance/*" with "*" and refuses it.
        var launch = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = image,
            InstanceType = InstanceType.T2Micro,
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [.. ManagedTags.ForInstance(RoleArnOf(world)).Select(t => new Tag(t.Key, t.Value))] }],
        }));
        Assert.True(launch.IsIn(AwsErrorCodes.NotAuthorized), launch.ErrorCode);

        // AWS refuses this call (a condition on a tag no Describe request carries can never hold); moto lets it through.
        var neverTrue = await TestIdentities.CreateUserAsync(world, "never-true-condition", ("p", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*",
             "Condition":{"StringEquals":{"aws:RequestTag/ManagedBy":"never-set"}}}]}
            """));
        using var conditioned = world.Ec2Client(neverTrue.Credentials());
        await conditioned.DescribeInstancesAsync(new DescribeInstancesRequest());
    }

    private static async Task<AmazonEC2Client> AssumedEc2Async(TwoAccountWorld world)
    {
        using var sts = world.SourceSts();
        var issued = (await sts.AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest { RoleArn = RoleArnOf(world), RoleSessionName = "scoped-test" })).Credentials;
        return world.Ec2Client(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken));
    }
}
