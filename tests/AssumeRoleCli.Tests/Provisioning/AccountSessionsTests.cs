using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>A destination side asks who it is at most once, and one caller giving up does not fail the others.</summary>
public class AccountSessionsTests
{
    private static readonly CallerIdentity Admin = new("111122223333", "arn:aws:iam::111122223333:user/admin", "AIDA");

    private static AwsSession Session() => new("destination", new BasicAWSCredentials("AKIADEST", "secret"), RegionEndpoint.USEast1, "credentials");

    [Fact]
    public async Task TheIdentity_IsAskedOnce_AndOneCallersCancellationLeavesTheOthersWaitIntact()
    {
        var answer = new TaskCompletionSource<CallerIdentity>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asks = 0;
        var side = new DestinationSide("destination", Session(), "credentials and config", ask: token =>
        {
            asks++;
            return answer.Task.WaitAsync(token);
        });
        using var first = new CancellationTokenSource();

        var firstWait = side.IdentityAsync(first.Token);
        var secondWait = side.IdentityAsync(CancellationToken.None);
        await first.CancelAsync();
        answer.SetResult(Admin);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstWait);
        Assert.Equal(Admin, await secondWait);
        Assert.Equal(Admin, await side.IdentityAsync(CancellationToken.None));
        Assert.Equal(1, asks);
    }

    [Fact]
    public void WithoutASession_TheSideIsNotFound_AndNothingIsAsked()
    {
        var side = new DestinationSide("destination", null, "credentials and config", ask: _ => throw new InvalidOperationException("asked"));

        var (session, whyNot) = side.PresumedFor(RoleArn.For("aws", "111122223333", "assume_role"));

        Assert.Null(session);
        Assert.Equal("profile 'destination' was not found in credentials and config", whyNot);
    }
}

/// <summary>A member account's role is assumed once for every caller, and the first caller giving up does not fail the others.</summary>
public class AccountSessionsMemberTests
{
    private static readonly CallerIdentity Admin = new("111122223333", "arn:aws:iam::111122223333:user/admin", "AIDA");

    [Fact]
    public async Task AMembersRole_IsAssumedOnce_AndTheFirstCallersCancellationLeavesTheOthersWaitIntact()
    {
        var sts = new GatedSts(Admin);
        var clients = new StsOnlyClients(sts);
        var destination = new AwsSession("destination", new BasicAWSCredentials("AKIADEST", "secret"), RegionEndpoint.USEast1, "credentials");
        var time = new Fakes.AutoAdvancingTime();
        var sessions = await new AccountSessions(
                new SourceSide("profile 'source'", null, null), new DestinationSide("destination", destination, "credentials", Admin), "us-east-1")
            .WithMemberAccountsAsync(
                clients, new RoleFromSource(clients, time, TimeSpan.Zero, new Fakes.RecordingProgress(time)),
                new FanOutSettings(null, FanOutSettings.DefaultDestinationRole, 2, FailFast: false), CancellationToken.None);
        using var first = new CancellationTokenSource();

        var firstWait = sessions.InAccountAsync("444455556666", first.Token);
        var secondWait = sessions.InAccountAsync("444455556666", CancellationToken.None);
        await first.CancelAsync();
        sts.Answer.SetResult(new AssumedRole(new SessionAWSCredentials("ASIAMEMBER", "s", "t"), null, "arn:aws:sts::444455556666:assumed-role/x/y", "444455556666"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstWait);
        var reached = (await secondWait).Destination;
        Assert.Equal("444455556666", reached.Identity?.Account);
        Assert.NotNull(reached.Session);
        Assert.Equal(1, sts.AssumeRoleCalls);
    }

    /// <summary>STS whose AssumeRole answers when the test says, honouring the caller's token meanwhile (as an HTTP call does).</summary>
    private sealed class GatedSts(CallerIdentity identity) : IStsApi
    {
        public TaskCompletionSource<AssumedRole> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int AssumeRoleCalls { get; private set; }

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct) => Task.FromResult(identity);

        public Task<AssumedRole> AssumeRoleAsync(AssumeRoleSpec spec, string? tokenCode, CancellationToken ct)
        {
            AssumeRoleCalls++;
            return Answer.Task.WaitAsync(ct);
        }

        public Task<SessionTokenCredentials> GetSessionTokenAsync(string serialNumber, string tokenCode, int durationSeconds, CancellationToken ct) =>
            throw new NotSupportedException();
    }

    private sealed class StsOnlyClients(IStsApi sts) : IAwsClientFactory
    {
        public IStsApi Sts(AwsSession session) => sts;

        public IIamApi Iam(AwsSession session) => throw new NotSupportedException();

        public IEc2Api Ec2(AwsSession session) => throw new NotSupportedException();

        public AssumeRoleCli.Aws.Organizations.IOrganizationsApi Organizations(AwsSession session) => throw new NotSupportedException();

        public Amazon.Runtime.SharedInterfaces.ICoreAmazonSTS CredentialsSts(AwsSession caller) => throw new NotSupportedException();

        public Amazon.Runtime.SharedInterfaces.ICoreAmazonSSO SsoPortal(AwsSession ssoProfile) => throw new NotSupportedException();

        public Amazon.Runtime.SharedInterfaces.ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile) => throw new NotSupportedException();
    }
}
