using System.Diagnostics;
using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// The proxy itself: calls pass through unchanged (moto still verifies the SigV4 signatures and IAM policies),
/// are counted per action, and injected faults reach the real SDK clients as AWS would send them.
/// </summary>
[Collection(MotoAloneCollection.Name)]
public sealed class AwsBehaviourProxyTests(MotoSandbox sandbox)
{
    [Fact]
    public async Task PassThrough_KeepsSignaturesValid_EnforcesMotoPolicies_AndCountsPerAction()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        Assert.NotEqual(sandbox.EndpointUrl, world.EndpointUrl);

        using var sourceSts = NoRetryClients.Sts(world, world.SourceCredentials());
        Assert.Equal(world.SourceUserArn, (await sourceSts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        using var iam = NoRetryClients.AdminIam(world);
        await NoRetryClients.CreateTrustedRoleAsync(iam, world, "pass-through");
        var role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = "pass-through" })).Role;
        Assert.Equal($"arn:aws:iam::{world.DestinationAccountId}:role/pass-through", role.Arn);

        // moto still checks every signature: a wrong secret is refused through the proxy too.
        var sourceKey = world.SourceCredentials().GetCredentials().AccessKey;
        using var forged = NoRetryClients.Sts(world, new BasicAWSCredentials(sourceKey, "not-the-secret-key"));
        var rejected = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => forged.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", rejected.ErrorCode);

        // ...and its IAM policies: the source user may not use EC2, the destination admin may.
        using var sourceEc2 = NoRetryClients.Ec2(world, world.SourceCredentials());
        var denied = await Assert.ThrowsAsync<AmazonEC2Exception>(() => sourceEc2.DescribeInstancesAsync(new DescribeInstancesRequest()));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        using var adminEc2 = NoRetryClients.Ec2(world, world.DestinationAdminCredentials());
        Assert.Empty((await adminEc2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations ?? []);

        Assert.Equal(2, aws.Requests.Received("GetCallerIdentity"));
        Assert.Equal(1, aws.Requests.Received("CreateRole"));
        Assert.Equal(1, aws.Requests.Received("GetRole"));
        Assert.Equal(2, aws.Requests.Received("DescribeInstances"));
        Assert.Equal(6, aws.Requests.Total);
        Assert.Equal(2, aws.Requests.Forwarded("DescribeInstances"));
        Assert.Empty(aws.RuleFailures);
    }

    [Fact]
    public async Task Faults_AnswerTheNextNCalls_WithEachServicesErrorCodeStatusAndShape()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials());
        using var iam = NoRetryClients.AdminIam(world);
        using var ec2 = NoRetryClients.Ec2(world, world.DestinationAdminCredentials());
        var throttling = aws.Add(InjectedFault.Throttling(2, "GetCallerIdentity", "DescribeInstances"));
        aws.Add(InjectedFault.InternalFailure(2, "GetRole", "DescribeRegions"));
        aws.Add(InjectedFault.ServiceUnavailable(1, "GetCallerIdentity"));

        var stsThrottled = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new()));
        AssertError(stsThrottled, "Throttling", HttpStatusCode.BadRequest, ErrorType.Sender);
        var ec2Throttled = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new()));
        AssertError(ec2Throttled, "RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, ErrorType.Unknown);
        Assert.Equal(0, throttling.Remaining);

        var iamFailed = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = "any" }));
        AssertError(iamFailed, "InternalFailure", HttpStatusCode.InternalServerError, ErrorType.Receiver);
        var unavailable = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new()));
        AssertError(unavailable, "ServiceUnavailable", HttpStatusCode.ServiceUnavailable, ErrorType.Receiver);
        var ec2Failed = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRegionsAsync(new()));
        AssertError(ec2Failed, "InternalError", HttpStatusCode.InternalServerError, ErrorType.Unknown);

        // Every fault is used up: the same calls now reach moto.
        Assert.Equal(world.SourceUserArn, (await sts.GetCallerIdentityAsync(new())).Arn);
        await ec2.DescribeInstancesAsync(new());
        var missing = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = "any" }));
        Assert.Equal("NoSuchEntity", missing.ErrorCode);
        Assert.Equal(3, aws.Requests.Received("GetCallerIdentity"));
        Assert.Equal(1, aws.Requests.Forwarded("GetCallerIdentity"));
        Assert.Equal(1, aws.Requests.Forwarded("GetRole"));
    }

    [Fact]
    public async Task ConnectionResets_AndSlowAnswers_ReachTheSdkAsTransportFailures()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        // The reset on a client without a short timeout: on a busy machine a 1 s timeout could end the call before the
        // proxy saw it, leaving the reset armed for the next call (the slow one), which then went through unharmed.
        using var patient = NoRetryClients.Sts(world, world.SourceCredentials());
        var resetting = aws.Add(InjectedFault.ConnectionReset(1, "GetCallerIdentity"));

        var reset = await Assert.ThrowsAnyAsync<Exception>(() => patient.GetCallerIdentityAsync(new()));
        Assert.IsNotAssignableFrom<AmazonServiceException>(reset);
        Assert.Equal(0, resetting.Remaining);
        Assert.Equal(0, aws.Requests.Forwarded("GetCallerIdentity"));

        // Every GetCallerIdentity from here is held: CI once saw this call answered at its timeout, as if it had been
        // sent again and the second try (no longer held) went through; held each time, a second try times out too.
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials(), timeout: TimeSpan.FromSeconds(2));
        var slowing = aws.Add(InjectedFault.SlowAnswer(TimeSpan.FromSeconds(15), 5, "GetCallerIdentity"));
        var stopwatch = Stopwatch.StartNew();
        Exception? timedOut = null;
        try
        {
            var answered = await sts.GetCallerIdentityAsync(new());
            Assert.Fail($"Answered after {stopwatch.Elapsed}; calls: {aws.Requests}; held {5 - slowing.Remaining}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            timedOut = e;
        }

        Assert.IsNotAssignableFrom<AmazonServiceException>(timedOut);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(12), $"the client gave up after {stopwatch.Elapsed}");
        // moto answered, and the answer came too late (a busy proxy may take the call up after the client gave up).
        for (var waited = Stopwatch.StartNew(); aws.Requests.CarriedOut("GetCallerIdentity") == 0 && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(20);
        }

        Assert.True(slowing.Remaining < 5, "the call was never held");
        Assert.True(aws.Requests.CarriedOut("GetCallerIdentity") >= 1, aws.Requests.ToString());
        aws.Remove(slowing);

        // An IAM write whose answer is lost still happened.
        using var iam = NoRetryClients.AdminIam(world);
        aws.Add(new InjectedFault(FaultKind.ConnectionResetAfterForwarding, 1, "CreateRole"));
        await Assert.ThrowsAnyAsync<Exception>(() => NoRetryClients.CreateTrustedRoleAsync(iam, world, "answer-lost"));
        Assert.Equal("answer-lost", (await iam.GetRoleAsync(new GetRoleRequest { RoleName = "answer-lost" })).Role.RoleName);
        Assert.Equal(world.SourceUserArn, (await patient.GetCallerIdentityAsync(new())).Arn);
    }

    [Fact]
    public async Task Latency_DelaysEveryCall_WhileConcurrentCallsAreServedTogether()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials());
        await sts.GetCallerIdentityAsync(new()); // warm up the connection and the client
        aws.Latency = TimeSpan.FromSeconds(1);
        const int calls = 6;

        var stopwatch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => sts.GetCallerIdentityAsync(new())));

        Assert.All(answers, answer => Assert.Equal(world.SourceUserArn, answer.Arn));
        // One after the other they would take calls × latency; served together, about one latency.
        Assert.InRange(stopwatch.Elapsed, aws.Latency, aws.Latency * (calls - 1));
        Assert.Equal(calls + 1, aws.Requests.Received("GetCallerIdentity"));
    }

    [Fact]
    public async Task Rules_OnlyTouchCallsThroughTheirScope_ThatMatchTheirFilter()
    {
        var world = sandbox.LeaseWorld();
        using var mine = sandbox.Proxy.OpenScope(world);
        using var other = sandbox.Proxy.OpenScope(world);
        other.Add(InjectedFault.ConnectionReset(100));
        var adminKey = world.DestinationAdminCredentials().GetCredentials().AccessKey;
        var adminOnly = mine.Add(new InjectedFault(FaultKind.Throttling, 1, "GetCallerIdentity") { Filter = new() { AccessKeyId = adminKey } });
        var otherRole = mine.Add(new InjectedFault(FaultKind.ServiceUnavailable, 1) { Filter = new() { RoleName = "someone-elses" } });
        var otherAccount = mine.Add(new InjectedFault(FaultKind.InternalFailure, 1) { Filter = new() { Account = world.SourceAccountId } });

        using var adminSts = NoRetryClients.Sts(mine.World!, world.DestinationAdminCredentials());
        using var iam = NoRetryClients.AdminIam(mine.World!);
        var missing = await Assert.ThrowsAsync<IamServiceException>(() => iam.GetRoleAsync(new GetRoleRequest { RoleName = "mine" }));
        Assert.Equal("NoSuchEntity", missing.ErrorCode); // moto's own answer: neither role nor account filter matched
        Assert.Equal(1, otherRole.Remaining);
        Assert.Equal(1, otherAccount.Remaining);

        var throttled = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => adminSts.GetCallerIdentityAsync(new()));
        Assert.Equal("Throttling", throttled.ErrorCode);
        Assert.Equal(0, adminOnly.Remaining);
        Assert.Equal(1, mine.Requests.Forwarded("GetRole"));
        Assert.Equal(0, other.Requests.Total); // the other scope's reset-everything rule never saw these calls
    }

    [Fact]
    public async Task Cli_ReachesMotoThroughTheProxy_AndWaitsOutIamPropagation()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        aws.Add(new TrustPolicyCheck());
        aws.Add(new IamPropagationDelay(TimeSpan.FromSeconds(3)));
        var cli = new CommandRunner(aws.World!, rolePropagationGrace: TimeSpan.FromSeconds(60));

        var created = await cli.RunAsync("create-role", "--auto-approve");
        var launched = await cli.RunAsync("launch-instance", "--auto-approve");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.Contains("Waiting for role assume_role to become usable", launched.Stderr, StringComparison.Ordinal);
        Assert.True(aws.Requests.Received("AssumeRole") > aws.Requests.Forwarded("AssumeRole"), aws.Requests.ToString());
        Assert.Equal(1, aws.Requests.Forwarded("RunInstances"));
        Assert.Empty(aws.RuleFailures);
    }

    private static void AssertError(AmazonServiceException error, string code, HttpStatusCode status, ErrorType type)
    {
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(type, error.ErrorType);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.False(string.IsNullOrEmpty(error.Message));
    }
}
