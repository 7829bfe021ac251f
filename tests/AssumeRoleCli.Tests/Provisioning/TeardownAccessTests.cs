using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownAccessTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly CallerIdentity SourceUser = new("444455556666", "arn:aws:iam::444455556666:user/alice", "AIDA");
    private static readonly CallerIdentity SourceRoot = new("444455556666", "arn:aws:iam::444455556666:root", "444455556666");

    private readonly FakeClients _clients = new();
    private readonly List<string> _said = [];

    private static AwsSession Session(string profile) =>
        new(profile, new BasicAWSCredentials("AKIA" + profile, "secret"), RegionEndpoint.USEast1, "credentials");

    private static TeardownSessions Sessions(CallerIdentity? source, bool withDestination) => new(
        "source",
        source is null ? null : Session("source"),
        source,
        "destination",
        withDestination ? Session("destination") : null,
        withDestination ? "" : "profile 'destination' was not found");

    private Task<(IEc2Api Ec2, string Found)> FindAsync(TeardownSessions sessions, RoleStatus status = RoleStatus.Ours) =>
        new TeardownAccess(_clients, new FakeWaitClock(), TimeSpan.Zero, line => { _said.Add(line); return Task.CompletedTask; })
            .FindAsync(sessions, RoleTeardown.Kept(Role, status), roleIsNew: false, ec2 => Task.FromResult(_clients.NameOf(ec2)), CancellationToken.None);

    [Fact]
    public async Task AUsableRole_IsWorkedThrough_WithItsTemporaryCredentials()
    {
        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true));

        Assert.Equal("assumed", found);
        Assert.Equal([$"AssumeRole {Role} assumerole-cli"], _clients.Sts.Calls);
        Assert.Empty(_said);
    }

    [Fact]
    public async Task ARootSource_IsNamedClearly_AndTheDestinationProfileStandsIn_WithoutTryingAssumeRole()
    {
        var (_, found) = await FindAsync(Sessions(SourceRoot, withDestination: true));

        Assert.Equal("destination", found);
        Assert.Empty(_clients.Sts.Calls);
        var line = Assert.Single(_said);
        Assert.Contains("root user of account 444455556666", line, StringComparison.Ordinal);
        Assert.Contains("never lets an account's root user assume a role", line, StringComparison.Ordinal);
        Assert.Contains("destination profile 'destination' instead", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARootSource_WithoutADestinationProfile_IsAnError_SayingBoth()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => FindAsync(Sessions(SourceRoot, withDestination: false)));

        Assert.Contains("root user", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile 'destination' was not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("InvalidClientTokenId")]
    public async Task ARoleThatCannotBeAssumed_FallsBackToTheDestinationProfile_SayingWhy(string code)
    {
        _clients.Sts.AssumeError = new AmazonSecurityTokenServiceException("nope") { ErrorCode = code };

        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true));

        Assert.Equal("destination", found);
        Assert.Contains(code, Assert.Single(_said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedRole_IsNotAssumedAtAll()
    {
        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true), RoleStatus.Absent);

        Assert.Equal("destination", found);
        Assert.Empty(_clients.Sts.Calls);
        Assert.Contains("no longer exists", Assert.Single(_said), StringComparison.Ordinal);
    }

    /// <summary>Hands out EC2 fakes named after whose credentials they carry.</summary>
    private sealed class FakeClients : IAwsClientFactory
    {
        private readonly Dictionary<IEc2Api, string> _names = [];

        public FakeSts Sts { get; } = new();

        public string NameOf(IEc2Api ec2) => _names[ec2];

        IIdentityApi IAwsClientFactory.Sts(AwsSession session) => Sts;

        public IIamApi Iam(AwsSession session) => new FakeIamApi();

        public IEc2Api Ec2(AwsSession session)
        {
            var ec2 = new FakeEc2Api();
            _names[ec2] = ReferenceEquals(session.Credentials, Sts.Issued) ? "assumed" : session.ProfileName;
            return ec2;
        }

        // Profiles are resolved before teardown access is planned: these tests hand in sessions directly.
        public ICoreAmazonSTS CredentialsSts(AwsSession caller) => throw new NotSupportedException();

        public ICoreAmazonSSO SsoPortal(AwsSession ssoProfile) => throw new NotSupportedException();

        public ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile) => throw new NotSupportedException();
    }

    private sealed class FakeSts : IIdentityApi
    {
        public AWSCredentials Issued { get; } = new SessionAWSCredentials("ASIA", "secret", "token");

        public AmazonServiceException? AssumeError { get; set; }

        public List<string> Calls { get; } = [];

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct) => Task.FromResult(SourceUser);

        public Task<AssumedRole> AssumeRoleAsync(string roleArn, string sessionName, int durationSeconds, CancellationToken ct)
        {
            Calls.Add($"AssumeRole {roleArn} {sessionName}");
            return AssumeError is null
                ? Task.FromResult(new AssumedRole(Issued, null, $"arn:aws:sts::111122223333:assumed-role/assume_role/{sessionName}", "111122223333"))
                : Task.FromException<AssumedRole>(AssumeError);
        }
    }
}
