using System.Net;
using Amazon.EC2;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>IAM's eventual consistency and 409 conflicts, reproduced by the proxy and seen through the real SDK clients.</summary>
public sealed class AwsBehaviourIamRuleTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string Ec2FullAccessArn = "arn:aws:iam::aws:policy/AmazonEC2FullAccess";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IamPropagation_HidesANewRole_AndDeniesAssumingIt_AndItsSessionsEc2Calls_UntilTheWindowPasses()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var clock = new ManualClock();
        aws.Add(new IamPropagationDelay(Window, clock));
        using var iam = NoRetryClients.AdminIam(world);
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials());
        const string roleName = "propagating";
        var roleArn = (await NoRetryClients.CreateTrustedRoleAsync(iam, world, roleName)).Role.Arn;
        var assume = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "propagation" };

        var hidden = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }));
        Assert.Equal("NoSuchEntity", hidden.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(assume));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal($"User: {world.SourceUserArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        Assert.Equal(0, aws.Requests.Forwarded("GetRole") + aws.Requests.Forwarded("AssumeRole"));

        clock.Advance(Window);
        Assert.Equal(roleArn, (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName })).Role.Arn);
        var session = (await sts.AssumeRoleAsync(assume)).Credentials;

        // Attaching a policy restarts the window: the role's sessions may not use EC2 yet; other callers may.
        await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn });
        using var roleEc2 = NoRetryClients.Ec2(world, session);
        var unauthorized = await Assert.ThrowsAsync<AmazonEC2Exception>(() => roleEc2.DescribeInstancesAsync(new()));
        Assert.Equal("UnauthorizedOperation", unauthorized.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, unauthorized.StatusCode);
        Assert.Contains($"assumed-role/{roleName}/propagation", unauthorized.Message, StringComparison.Ordinal);
        using var adminEc2 = NoRetryClients.Ec2(world, world.DestinationAdminCredentials());
        await adminEc2.DescribeInstancesAsync(new());

        clock.Advance(Window);
        await roleEc2.DescribeInstancesAsync(new());
        Assert.Equal(3, aws.Requests.Received("DescribeInstances"));
        Assert.Equal(2, aws.Requests.Forwarded("DescribeInstances"));
        Assert.Empty(aws.RuleFailures);
    }

    [Fact]
    public async Task AfterADetach_TheListStillShowsThePolicy_AndDeleteRoleConflicts_UntilTheWindowPasses()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var clock = new ManualClock();
        aws.Add(new StaleAttachedPolicies(Window, clock));
        aws.Add(new DeleteConflictAfterDetach(Window, clock));
        using var iam = NoRetryClients.AdminIam(world);
        const string roleName = "detaching";
        await NoRetryClients.CreateTrustedRoleAsync(iam, world, roleName);
        await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn });
        var stillAttached = await Assert.ThrowsAsync<IamServiceException>(() => iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName }));
        Assert.Equal("DeleteConflict", stillAttached.ErrorCode); // moto's own answer, before any detach
        await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn });

        var stale = Assert.Single((await iam.ListAttachedRolePoliciesAsync(new() { RoleName = roleName })).AttachedPolicies);
        Assert.Equal(Ec2FullAccessArn, stale.PolicyArn);
        Assert.Equal("AmazonEC2FullAccess", stale.PolicyName);
        var detachedAgain = await Assert.ThrowsAsync<IamServiceException>(() =>
            iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn }));
        Assert.Equal("NoSuchEntity", detachedAgain.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, detachedAgain.StatusCode);
        var conflict = await Assert.ThrowsAsync<IamServiceException>(() => iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName }));
        Assert.Equal("DeleteConflict", conflict.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("Cannot delete entity, must detach all policies first.", conflict.Message);
        Assert.Equal(1, aws.Requests.Forwarded("DeleteRole")); // only the first, refused by moto itself

        clock.Advance(Window);
        Assert.Empty((await iam.ListAttachedRolePoliciesAsync(new() { RoleName = roleName })).AttachedPolicies);
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName });
        var gone = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }));
        Assert.Equal("NoSuchEntity", gone.ErrorCode);
        Assert.Equal(2, aws.Requests.Forwarded("ListAttachedRolePolicies"));
    }

    [Fact]
    public async Task ConcurrentModification_IsAnsweredNTimes_ThenTheChosenActionsGoThrough()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        aws.Add(InjectedFault.ConcurrentModification(2, "CreateRole"));
        aws.Add(InjectedFault.ConcurrentModification(1, "AttachRolePolicy", "DetachRolePolicy"));
        using var iam = NoRetryClients.AdminIam(world);
        const string roleName = "contended";

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var busy = await Assert.ThrowsAsync<IamServiceException>(() => NoRetryClients.CreateTrustedRoleAsync(iam, world, roleName));
            Assert.Equal("ConcurrentModification", busy.ErrorCode);
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            var absent = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }));
            Assert.Equal("NoSuchEntity", absent.ErrorCode); // the refused call never reached IAM
        }

        await NoRetryClients.CreateTrustedRoleAsync(iam, world, roleName);
        var attach = new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn };
        Assert.Equal("ConcurrentModification", (await Assert.ThrowsAsync<IamServiceException>(() => iam.AttachRolePolicyAsync(attach))).ErrorCode);
        await iam.AttachRolePolicyAsync(attach);
        var detach = new DetachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn };
        await iam.DetachRolePolicyAsync(detach); // the one injected fault went to AttachRolePolicy
        Assert.Empty((await iam.ListAttachedRolePoliciesAsync(new() { RoleName = roleName })).AttachedPolicies);

        Assert.Equal(3, aws.Requests.Received("CreateRole"));
        Assert.Equal(1, aws.Requests.Forwarded("CreateRole"));
        Assert.Equal(1, aws.Requests.Forwarded("AttachRolePolicy"));
    }
}
