using Amazon;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// One MFA code for five member accounts of an organization on moto, whose roles trust the management account only
/// with MFA (aws:MultiFactorAuthPresent, judged by the AWS-behaviour proxy): GetSessionToken once, five AssumeRole
/// calls signed by that session with no MFA parameters, and a second run that finds the session in the cache.
/// </summary>
public sealed class MfaSourceSessionMotoTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>, IDisposable
{
    private const string Serial = "arn:aws:iam::000000000000:mfa/fan-out";
    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("assumerole-mfa-moto-").FullName;

    public void Dispose() => Directory.Delete(_cacheDirectory, recursive: true);

    [Fact]
    public async Task FiveRolesThatRequireMfa_AreAssumedWithOneCode_AndARerunAsksForNone()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var organization = await MotoOrganization.CreateAsync(world, members: 5);
        foreach (var member in organization.MemberAccountIds)
        {
            await RequireMfaAsync(world, member);
        }

        var user = await TestIdentities.CreateUserAsync(world, "fan-out-user", ("fan-out", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetSessionToken","sts:GetCallerIdentity"],"Resource":"*"}]}
            """));
        sandbox.Proxy.Callers.Register(user.AccessKeyId, user.Arn);
        aws.Add(new TrustPolicyCheck());
        var clients = new AwsClientFactory(new Uri(world.EndpointUrl));
        var source = new SourceCredentials(
            new AwsSession("source", user.Credentials(), RegionEndpoint.GetBySystemName(world.Region), world.CredentialsFile), "profile 'source'", Note: null);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var prompts = 0;
        var settings = AssumeRoleSettings.Default with
        {
            Mfa = new MfaDevice(Serial, _ => Task.FromResult<string?>($"12345{Interlocked.Increment(ref prompts)}")),
        };
        var clock = new AutoAdvancingTime();

        async Task<IReadOnlyList<ReachedRole>> RunAsync()
        {
            var progress = new RecordingProgress(clock);
            var cache = new CliCredentialCache(_cacheDirectory, time);
            var many = await new MfaSourceSession(clients, progress, cache, time).ForManyRolesAsync(source, settings, CancellationToken.None);
            var reach = new RoleFromSource(clients, clock, TimeSpan.Zero, progress, cache);
            var reached = new List<ReachedRole>();
            foreach (var member in organization.MemberAccountIds)
            {
                reached.Add(await reach.AssumeFromAsync(many.Source, many.Settings, MotoOrganization.MemberRole(member), StateDocument.Empty, time.GetUtcNow(), CancellationToken.None));
            }

            return reached;
        }

        // Without MFA the roles refuse the same user: the trust condition is really judged.
        await Assert.ThrowsAsync<RoleNotAssumableException>(() => new RoleFromSource(clients, clock, TimeSpan.Zero, new RecordingProgress(clock)).AssumeFromAsync(
            source, AssumeRoleSettings.Default, MotoOrganization.MemberRole(organization.MemberAccountIds[0]), StateDocument.Empty, time.GetUtcNow(), CancellationToken.None));

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(1, prompts);
        Assert.Equal(1, aws.Requests.Received("GetSessionToken"));
        Assert.Equal(11, aws.Requests.Received("AssumeRole"));
        Assert.Equal(10, aws.Requests.Forwarded("AssumeRole"));
        Assert.Equal(
            organization.MemberAccountIds.Concat(organization.MemberAccountIds),
            first.Concat(second).Select(r => r.Assumed.Account));
        // The roles were assumed by the MFA session, which is the same user (GetCallerIdentity says so, as on AWS).
        Assert.Equal(user.Arn, (await clients.Sts(first[0].Source).GetCallerIdentityAsync(CancellationToken.None)).Arn);
        Assert.NotEqual(user.AccessKeyId, (await first[0].Source.Credentials.GetCredentialsAsync()).AccessKey);
        Assert.Empty(aws.RuleFailures);
    }

    /// <summary>The member's OrganizationAccountAccessRole trusts the management account only with MFA; the proxy may read it.</summary>
    private async Task RequireMfaAsync(TwoAccountWorld world, string member)
    {
        using var sts = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(
            world.DestinationAdminCredentials(),
            new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = sandbox.EndpointUrl, AuthenticationRegion = world.Region });
        var admin = (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = MotoOrganization.MemberRole(member).ToString(), RoleSessionName = "require-mfa" })).Credentials;
        using var iam = new IamClient(admin, new IamConfig { ServiceURL = sandbox.EndpointUrl, AuthenticationRegion = world.Region, MaxErrorRetry = 1 });
        await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest
        {
            RoleName = MotoOrganization.MemberRoleName,
            PolicyDocument = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::MANAGEMENT:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}
                """.Replace("MANAGEMENT", world.DestinationAccountId, StringComparison.Ordinal),
        });
        sandbox.Proxy.Roles.RegisterAdmin(member, admin);
    }
}
