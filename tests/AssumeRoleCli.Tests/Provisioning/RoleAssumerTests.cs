using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Aws;

namespace AssumeRoleCli.Tests.Provisioning;

public class RoleAssumerTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "444455556666", "assume_role");
    private static readonly CallerIdentity Source = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    private static (RoleAssumer Assumer, FakeWaitClock Clock, List<string> Said) Create(FakeIdentityApi sts, TimeSpan grace)
    {
        var clock = new FakeWaitClock();
        var said = new List<string>();
        return (new RoleAssumer(sts, clock, grace, line => { said.Add(line); return Task.CompletedTask; }), clock, said);
    }

    [Fact]
    public async Task AccessDeniedWhileTheRolePropagates_IsRetriedWithBackoff_SayingSoOnce()
    {
        var sts = new FakeIdentityApi(Source).FailAssumeRole("AccessDenied", times: 3);
        var (assumer, clock, said) = Create(sts, TimeSpan.FromMinutes(2));

        var assumed = await assumer.AssumeAsync(Role, Source, "s", 3600, CancellationToken.None);

        Assert.Equal(Role.ToString(), assumed.AssumedRoleArn);
        Assert.Equal(4, sts.AssumeRoleCalls);
        Assert.Equal([2, 4, 8], clock.Delays.Select(d => d.TotalSeconds));
        Assert.Contains("Waiting for role assume_role to become usable", Assert.Single(said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDeniedBeyondTheGrace_NamesTheRoleTheSourceAndTheLikelyCauses()
    {
        var sts = new FakeIdentityApi(Source).FailAssumeRole("AccessDenied", times: 100);
        var (assumer, clock, _) = Create(sts, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<CliException>(() => assumer.AssumeAsync(Role, Source, "s", 3600, CancellationToken.None));

        Assert.True(clock.Now <= TimeSpan.FromMinutes(2));
        Assert.True(clock.Now >= TimeSpan.FromSeconds(100));
        Assert.Contains(Role.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Source.Arn, error.Message, StringComparison.Ordinal);
        Assert.Contains("trust policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSourceKey_IsNotRetried()
    {
        var sts = new FakeIdentityApi(Source).FailAssumeRole("InvalidClientTokenId", times: 1);
        var (assumer, clock, _) = Create(sts, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => assumer.AssumeAsync(Role, Source, "s", 3600, CancellationToken.None));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task FirstCall_WithAnOldRole_FailsAtOnce_WithANewRole_Waits()
    {
        var (assumer, clock, _) = Create(new FakeIdentityApi(Source), TimeSpan.FromMinutes(2));
        var calls = 0;
        Task<int> DeniedTwice() => ++calls <= 2 ? throw new AmazonServiceException("denied") { ErrorCode = "UnauthorizedOperation" } : Task.FromResult(calls);

        await Assert.ThrowsAsync<AmazonServiceException>(() => assumer.FirstCallAsync(Role, roleIsNew: false, DeniedTwice, CancellationToken.None));
        calls = 0;
        var result = await assumer.FirstCallAsync(Role, roleIsNew: true, DeniedTwice, CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal([2, 4], clock.Delays.Select(d => d.TotalSeconds));
    }
}
