using AssumeRoleCli.Tests.Fakes;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Provisioning;

public class RoleAccessTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly CallerIdentity SourceUser = new("444455556666", "arn:aws:iam::444455556666:user/alice", "AIDA");
    private static readonly CallerIdentity SourceRoot = new("444455556666", "arn:aws:iam::444455556666:root", "444455556666");

    private readonly FakeClientFactory _clients = new();
    private readonly RecordingProgress _progress = new();

    public RoleAccessTests()
    {
        _clients.StsByProfile["source"] = new FakeSts(SourceUser);
    }

    private FakeSts Sts => _clients.StsByProfile["source"];

    private List<string> _said => _progress.Notes;

    private static AwsSession Session(string profile) =>
        new(profile, new BasicAWSCredentials("AKIA" + profile, "secret"), RegionEndpoint.USEast1, "credentials");

    private static AccountSessions Sessions(CallerIdentity? source, bool withDestination) => new(
        new SourceSide("source", source is null ? null : Session("source"), source),
        new DestinationSide(
            "destination",
            withDestination ? Session("destination") : null,
            "credentials and config",
            withDestination ? new CallerIdentity(Role.AccountId, $"arn:aws:iam::{Role.AccountId}:user/admin", "AIDA") : null),
        "us-east-1");

    private Task<(IEc2Api Ec2, string Found)> FindAsync(AccountSessions sessions, RoleStatus status = RoleStatus.Ours) =>
        new RoleAccess(_clients, new AutoAdvancingTime(), TimeSpan.Zero, _progress)
            .UseAsync(sessions, AssumeRoleSettings.Default.For(Role), status != RoleStatus.Absent, roleIsNew: false, ec2 => Task.FromResult(_clients.NameOf(ec2)), CancellationToken.None);

    [Fact]
    public async Task AUsableRole_IsWorkedThrough_WithItsTemporaryCredentials()
    {
        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true));

        Assert.Equal("assumed", found);
        Assert.Equal([$"AssumeRole {Role} assumerole-cli"], Sts.Calls);
        Assert.Empty(_said);
        Assert.Empty(_progress.Lines);
    }

    [Fact]
    public async Task ARootSource_IsNamedClearly_AndTheDestinationProfileStandsIn_WithoutTryingAssumeRole()
    {
        var (_, found) = await FindAsync(Sessions(SourceRoot, withDestination: true));

        Assert.Equal("destination", found);
        Assert.Empty(Sts.Calls);
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
        Sts.AssumeError = new AmazonSecurityTokenServiceException("nope") { ErrorCode = code };

        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true));

        Assert.Equal("destination", found);
        Assert.Contains(code, Assert.Single(_said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedRole_IsNotAssumedAtAll()
    {
        var (_, found) = await FindAsync(Sessions(SourceUser, withDestination: true), RoleStatus.Absent);

        Assert.Equal("destination", found);
        Assert.Empty(Sts.Calls);
        Assert.Contains("no longer exists", Assert.Single(_said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewRoleThatIamSaysIsGone_EndsTheWaitForItToBecomeAssumable()
    {
        Sts.AssumeError = new AmazonSecurityTokenServiceException("not yet") { ErrorCode = "AccessDenied" };
        var roleRead = new TaskCompletionSource<bool>();
        var access = new RoleAccess(_clients, new FakeTimeProvider(), TimeSpan.FromMinutes(2), _progress);

        var finding = access.UseAsync(
            Sessions(SourceUser, withDestination: true), AssumeRoleSettings.Default.For(Role), null, roleIsNew: true,
            ec2 => Task.FromResult(_clients.NameOf(ec2)), CancellationToken.None, roleRead.Task);
        Assert.False(finding.IsCompleted); // refused once, now waiting for IAM to propagate the role
        roleRead.SetResult(false);
        var (_, found) = await finding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("destination", found);
        Assert.Single(Sts.Calls);
        Assert.Contains("no longer exists", _said[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewRoleThatIamShowsHoldingNoPolicy_EndsTheWaitForItsEc2RightsToPropagate()
    {
        // A rerun after a teardown killed once the policy was detached: the role is assumable, EC2 refuses it, and that
        // refusal would otherwise be waited out as a new role's policy propagating (two minutes, real time).
        var refusals = 0;
        var roleHoldsNoPolicy = new TaskCompletionSource<bool>();
        var access = new RoleAccess(_clients, new FakeTimeProvider(), TimeSpan.FromMinutes(2), _progress);
        Task<string> Find(IEc2Api ec2)
        {
            if (_clients.NameOf(ec2) != "assumed")
            {
                return Task.FromResult(_clients.NameOf(ec2));
            }

            refusals++;
            return Task.FromException<string>(new AmazonServiceException("not authorized") { ErrorCode = "UnauthorizedOperation" });
        }

        var finding = access.UseAsync(
            Sessions(SourceUser, withDestination: true), AssumeRoleSettings.Default.For(Role), null, roleIsNew: true,
            Find, CancellationToken.None, Task.FromResult(true), roleHoldsNoPolicy.Task);
        Assert.False(finding.IsCompleted); // EC2 refused the role once, now waiting for its policy to propagate
        roleHoldsNoPolicy.SetResult(true);
        var (_, found) = await finding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("destination", found);
        Assert.Equal(1, refusals);
        Assert.Contains("holds no policy any more", _said[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsForARoleIamSaysIsGone_AreNotUsed_EvenWhenStsHandsThemOut()
    {
        var (_, found) = await new RoleAccess(_clients, new AutoAdvancingTime(), TimeSpan.Zero, _progress).UseAsync(
            Sessions(SourceUser, withDestination: true), AssumeRoleSettings.Default.For(Role), null, roleIsNew: false,
            ec2 => Task.FromResult(_clients.NameOf(ec2)), CancellationToken.None, Task.FromResult(false));

        Assert.Equal("destination", found);
        Assert.Contains("no longer exists", Assert.Single(_said), StringComparison.Ordinal);
    }

    /// <summary>A clock whose delays last until they are cancelled.</summary>
}
