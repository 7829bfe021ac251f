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
