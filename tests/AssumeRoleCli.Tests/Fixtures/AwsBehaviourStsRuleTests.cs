using System.Net;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>STS AssumeRole checks that moto skips (MaxSessionDuration, trust policies), made by the proxy.</summary>
public sealed class AwsBehaviourStsRuleTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task AssumeRole_BeyondTheRolesMaxSessionDuration_IsAValidationError()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        aws.Add(new MaxSessionDurationCheck());
        using var iam = NoRetryClients.AdminIam(world);
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials());
        var longArn = (await NoRetryClients.CreateTrustedRoleAsync(iam, world, "long-sessions", maxSessionDuration: 7200)).Role.Arn;
        var defaultArn = (await NoRetryClients.CreateTrustedRoleAsync(iam, world, "default-sessions")).Role.Arn;
        Task<AssumeRoleResponse> Assume(string? roleArn, int? seconds) =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "duration", DurationSeconds = seconds });

        await Assume(longArn, 7200);
        await Assume(defaultArn, null);
        foreach (var (roleArn, seconds) in new[] { (longArn, 7201), (defaultArn, 3601) })
        {
            var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => Assume(roleArn, seconds));
            Assert.Equal("ValidationError", refused.ErrorCode);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", refused.Message);
        }

        Assert.Equal(2, aws.Requests.Forwarded("AssumeRole"));
        Assert.Empty(aws.RuleFailures);
    }

    [Fact]
    public async Task AssumeRole_IsAllowedOnlyWhereTheTrustPolicyLetsTheCallerIn()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        aws.Add(new TrustPolicyCheck());
        using var iam = NoRetryClients.AdminIam(world);
        using var sts = NoRetryClients.Sts(world, world.SourceCredentials());
        var source = world.SourceAccountId;
        var root = $"\"arn:aws:iam::{source}:root\"";
        const string externalId = """{"StringEquals":{"sts:ExternalId":"ext-123"}}""";
        const string mfa = """{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""";
        var trustByRole = new Dictionary<string, string>
        {
            ["root-arn"] = NoRetryClients.TrustPolicy(root),
            ["bare-account"] = NoRetryClients.TrustPolicy($"\"{source}\""),
            ["user-arn"] = NoRetryClients.TrustPolicy($"\"{world.SourceUserArn}\""),
            ["principal-list"] = NoRetryClients.TrustPolicy($"[\"arn:aws:iam::{world.DestinationAccountId}:root\",\"{source}\"]"),
            ["other-user"] = NoRetryClients.TrustPolicy($"\"arn:aws:iam::{source}:user/someone-else\""),
            ["other-account"] = NoRetryClients.TrustPolicy($"\"arn:aws:iam::{world.DestinationAccountId}:root\""),
            ["external-id"] = NoRetryClients.TrustPolicy(root, externalId),
            ["mfa"] = NoRetryClients.TrustPolicy(root, mfa),
            ["deny-wins"] = $$"""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":{{root}}},"Action":"sts:AssumeRole"},
                 {"Effect":"Deny","Principal":{"AWS":"{{world.SourceUserArn}}"},"Action":"sts:*"}]}
                """,
        };
        foreach (var (name, trust) in trustByRole)
        {
            await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = trust });
        }

        (string Role, string? ExternalId, bool Mfa, bool Allowed)[] attempts =
        [
            ("root-arn", null, false, true), ("bare-account", null, false, true), ("user-arn", null, false, true),
            ("principal-list", null, false, true), ("other-user", null, false, false), ("other-account", null, false, false),
            ("external-id", "ext-123", false, true), ("external-id", "ext-999", false, false), ("external-id", null, false, false),
            ("mfa", null, true, true), ("mfa", null, false, false), ("deny-wins", null, false, false), ("no-such-role", null, false, false),
        ];
        foreach (var (role, id, withMfa, allowed) in attempts)
        {
            var roleArn = $"arn:aws:iam::{world.DestinationAccountId}:role/{role}";
            var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "trust", ExternalId = id };
            if (withMfa)
            {
                request.SerialNumber = $"arn:aws:iam::{source}:mfa/source-user";
                request.TokenCode = "123456";
            }

            var what = $"{role} (ExternalId {id ?? "none"}, MFA {withMfa})";
            if (allowed)
            {
                var assumed = await sts.AssumeRoleAsync(request);
                Assert.True(assumed.AssumedRoleUser.Arn.Contains($"assumed-role/{role}/", StringComparison.Ordinal), what);
                continue;
            }

            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(request));
            Assert.True(denied.ErrorCode == "AccessDenied" && denied.StatusCode == HttpStatusCode.Forbidden, $"{what}: {denied.ErrorCode}");
            Assert.Equal($"User: {world.SourceUserArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        }

        Assert.Equal(attempts.Count(a => a.Allowed), aws.Requests.Forwarded("AssumeRole"));
        Assert.Empty(aws.RuleFailures);
    }

    /// <remarks>
    /// The hop role lives in ANOTHER world's account: moto 5 itself checks trust policies for same-account
    /// AssumeRole (comparing principal strings exactly, so it would refuse a role-ARN principal AWS accepts).
    /// </remarks>
    [Fact]
    public async Task AssumeRole_WithARoleArnPrincipal_AdmitsThatRolesSessionsOnly()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var hopWorld = sandbox.LeaseWorld() with { EndpointUrl = aws.EndpointUrl };
        aws.Add(new TrustPolicyCheck());
        using var sourceSts = NoRetryClients.Sts(world, world.SourceCredentials());
        using var hopIam = NoRetryClients.AdminIam(hopWorld);
        var hopArn = (await NoRetryClients.CreateTrustedRoleAsync(hopIam, hopWorld, "hop")).Role.Arn;
        var otherArn = (await NoRetryClients.CreateTrustedRoleAsync(hopIam, hopWorld, "not-hop")).Role.Arn;
        foreach (var role in new[] { "hop", "not-hop" })
        {
            await hopIam.PutRolePolicyAsync(new PutRolePolicyRequest
            {
                RoleName = role,
                PolicyName = "may-assume-roles",
                PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""",
            });
        }

        using var iam = NoRetryClients.AdminIam(world);
        var targetArn = (await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "after-hop",
            AssumeRolePolicyDocument = NoRetryClients.TrustPolicy($"\"{hopArn}\""),
        })).Role.Arn;
        var toTarget = new AssumeRoleRequest { RoleArn = targetArn, RoleSessionName = "chained" };
        async Task<AmazonSecurityTokenServiceClient> SessionOf(string? roleArn) => NoRetryClients.Sts(world,
            (await sourceSts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "first" })).Credentials);

        var direct = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sourceSts.AssumeRoleAsync(toTarget));
        Assert.Equal("AccessDenied", direct.ErrorCode);
        using var notHopSts = await SessionOf(otherArn);
        var wrongRole = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => notHopSts.AssumeRoleAsync(toTarget));
        Assert.Contains($"assumed-role/not-hop/first is not authorized", wrongRole.Message, StringComparison.Ordinal);
        using var hopSts = await SessionOf(hopArn);
        var chained = await hopSts.AssumeRoleAsync(toTarget);
        Assert.Equal($"arn:aws:sts::{world.DestinationAccountId}:assumed-role/after-hop/chained", chained.AssumedRoleUser.Arn);
        Assert.Empty(aws.RuleFailures);
    }
}
