using System.Diagnostics;
using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Xunit.Abstractions;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>Proves the sandbox: separate accounts, and moto enforcing signatures and IAM policies.</summary>
public sealed class MotoSandboxTests(MotoSandbox sandbox, ITestOutputHelper output) : IClassFixture<MotoSandbox>
{
    private const string MotoDefaultAccount = "123456789012";

    [Fact]
    public async Task Credentials_AreAuthenticatedIntoTheirOwnAccounts()
    {
        var world = sandbox.LeaseWorld();

        using var sourceSts = world.SourceSts();
        var source = await sourceSts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(world.SourceAccountId, source.Account);
        Assert.Equal(world.SourceUserArn, source.Arn);

        using var destinationSts = world.StsClient(world.DestinationAdminCredentials());
        var destination = await destinationSts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(world.DestinationAccountId, destination.Account);
        Assert.Equal(world.DestinationAdminArn, destination.Arn);

        var sourceKeys = world.SourceCredentials().GetCredentials();
        using var forged = world.StsClient(new BasicAWSCredentials(sourceKeys.AccessKey, "not-the-secret-key"));
        var rejected = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => forged.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", rejected.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);

        var withoutDestination = new SharedCredentialsFile(world.CredentialsFileWithoutDestination);
        Assert.True(withoutDestination.TryGetProfile(TwoAccountWorld.SourceProfile, out _));
        // The SDK also reads the `config` next to the file, so [destination] exists there, but without keys.
        Assert.True(!withoutDestination.TryGetProfile(TwoAccountWorld.DestinationProfile, out var destinationProfile)
            || string.IsNullOrEmpty(destinationProfile.Options.AccessKey));
        Assert.Contains($"region = {world.Region}", File.ReadAllText(world.ConfigFile), StringComparison.Ordinal);
        Assert.DoesNotContain(sourceKeys.SecretKey, File.ReadAllText(Path.Combine(world.Directory, "world.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceUser_IsDeniedEc2_WhileDestinationAdminIsAllowed()
    {
        var world = sandbox.LeaseWorld();

        using var sourceEc2 = world.Ec2Client(world.SourceCredentials());
        var stopwatch = Stopwatch.StartNew();
        var denied = await Assert.ThrowsAsync<AmazonEC2Exception>(
            () => sourceEc2.DescribeInstancesAsync(new DescribeInstancesRequest()));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains(world.SourceUserArn, denied.Message, StringComparison.Ordinal);
        output.WriteLine($"Denied DescribeInstances (source account): {stopwatch.ElapsedMilliseconds} ms");

        using var adminEc2 = world.DestinationAdminEc2();
        stopwatch.Restart();
        var instances = await adminEc2.DescribeInstancesAsync(new DescribeInstancesRequest());
        output.WriteLine($"First DescribeInstances in destination account {world.DestinationAccountId}: {stopwatch.ElapsedMilliseconds} ms");
        Assert.Empty(instances.Reservations ?? []);
    }

    [Fact]
    public void LeaseWorld_HandsOutASharedSourceAccount_AndDistinctFreshDestinationAccounts()
    {
        var first = sandbox.LeaseWorld();
        var second = sandbox.LeaseWorld();

        // moto_sandbox.py creates ONE source account (its user may only assume roles / ask who it is) for all worlds.
        Assert.Equal(first.SourceAccountId, second.SourceAccountId);
        Assert.Equal(first.SourceUserArn, second.SourceUserArn);
        // Every world gets its own fresh destination account, distinct from the source account and from each other.
        string[] accounts = [first.SourceAccountId, first.DestinationAccountId, second.DestinationAccountId];
        Assert.Equal(accounts.Length, accounts.Distinct().Count());
        Assert.NotEqual(first.DestinationAdminArn, second.DestinationAdminArn);
        Assert.DoesNotContain(MotoDefaultAccount, accounts);
        Assert.All(accounts, account => Assert.Matches("^[0-9]{12}$", account));
        Assert.NotEqual(first.Directory, second.Directory);

        output.WriteLine($"moto start: {sandbox.ServerStartTime.TotalSeconds:0.00} s; " +
            $"bootstrap of {MotoSandbox.WorldCount} worlds: {sandbox.BootstrapTime.TotalSeconds:0.00} s; " +
            $"worlds left: {sandbox.WorldsRemaining}");
    }
}
