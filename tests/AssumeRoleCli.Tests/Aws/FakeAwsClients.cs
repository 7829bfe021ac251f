using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Provisioning;

namespace AssumeRoleCli.Tests.Aws;

/// <summary>STS in memory: a fixed identity per profile, and AssumeRole answers scripted per call.</summary>
internal sealed class FakeIdentityApi : IIdentityApi
{
    private readonly Queue<Func<AssumedRole>> _assumeRoleAnswers = new();

    public FakeIdentityApi(CallerIdentity identity)
    {
        Identity = identity;
    }

    public CallerIdentity Identity { get; }

    public int AssumeRoleCalls { get; private set; }

    /// <summary>The next AssumeRole calls fail with <paramref name="errorCode"/>, <paramref name="times"/> times.</summary>
    public FakeIdentityApi FailAssumeRole(string errorCode, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _assumeRoleAnswers.Enqueue(() => throw new AmazonServiceException($"{errorCode} from the fake") { ErrorCode = errorCode });
        }

        return this;
    }

    public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct) => Task.FromResult(Identity);

    public Task<AssumedRole> AssumeRoleAsync(string roleArn, string sessionName, int durationSeconds, CancellationToken ct)
    {
        AssumeRoleCalls++;
        var answer = _assumeRoleAnswers.Count > 0
            ? _assumeRoleAnswers.Dequeue()
            : () => new AssumedRole(new SessionAWSCredentials("ASIAFAKE", "fake-secret", "fake-token"), null, roleArn, roleArn.Split(':')[4]);
        return Task.FromResult(answer());
    }
}

/// <summary>
/// A client factory that hands out in-memory fakes, one identity per profile. Profiles that call AWS to get their
/// credentials (role, SSO) are tested with <see cref="ProfileFiles"/> and a local stand-in instead.
/// </summary>
internal sealed class FakeClientFactory : IAwsClientFactory
{
    public Dictionary<string, FakeIdentityApi> IdentityByProfile { get; } = new(StringComparer.Ordinal);

    public FakeIamApi Iam { get; } = new();

    public FakeEc2Api Ec2 { get; } = new();

    IIdentityApi IAwsClientFactory.Sts(AwsSession session) => IdentityByProfile[session.ProfileName];

    IIamApi IAwsClientFactory.Iam(AwsSession session) => Iam;

    IEc2Api IAwsClientFactory.Ec2(AwsSession session) => Ec2;

    ICoreAmazonSTS IAwsClientFactory.CredentialsSts(AwsSession caller) => throw NotForFakes();

    ICoreAmazonSSO IAwsClientFactory.SsoPortal(AwsSession ssoProfile) => throw NotForFakes();

    ICoreAmazonSSOOIDC IAwsClientFactory.SsoOidc(AwsSession ssoProfile) => throw NotForFakes();

    private static NotSupportedException NotForFakes() =>
        new("This test resolves a profile that calls AWS for its credentials; use ProfileFiles and its local stand-in.");
}
