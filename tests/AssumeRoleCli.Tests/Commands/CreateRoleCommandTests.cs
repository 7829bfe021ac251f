using System.Text.Json;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

public sealed class CreateRoleCommandTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public CreateRoleCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task CreatesTheRoleTheSourceAccountMayAssume_WithEc2FullAccess_AndRecordsIt()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var expectedArn = $"arn:aws:iam::{run.World.DestinationAccountId}:role/assume_role";
        Assert.EndsWith($"role_arn = \"{expectedArn}\"\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);

        var role = await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None);
        Assert.NotNull(role);
        Assert.Equal(expectedArn, role.Arn);
        Assert.True(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", run.World.SourceAccountId), role.TrustPolicy), role.TrustPolicy);
        Assert.Equal("AssumeRoleCli", role.Tags["ManagedBy"]);
        var attached = await run.DestinationIam().ListAttachedPoliciesAsync("assume_role", CancellationToken.None);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(attached).Arn);

        var state = StateFile.Read(run.StatePath);
        Assert.Equal(expectedArn, Assert.Single(state.Roles).Arn);
        Assert.Equal(run.World.SourceAccountId, state.Roles[0].SourceAccountId);
    }

    [Fact]
    public async Task Rerun_ChangesNothing_AndJsonStdoutIsOnlyJson()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);

        var again = await run.RunAsync("create-role", "--output", "json");

        Assert.True(again.ExitCode == 0, again.ToString());
        using var json = JsonDocument.Parse(again.Stdout);
        Assert.False(json.RootElement.GetProperty("changed").GetBoolean());
        Assert.Equal(run.World.SourceAccountId, json.RootElement.GetProperty("source_account").GetString());
        Assert.Equal(run.World.DestinationAccountId, json.RootElement.GetProperty("destination_account").GetString());
        Assert.Equal($"arn:aws:iam::{run.World.DestinationAccountId}:role/assume_role", json.RootElement.GetProperty("role_arn").GetString());
        Assert.Contains("No changes.", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADriftedRole_IsBroughtBackInLine()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        var iam = run.DestinationIam();
        await iam.DetachPolicyAsync("assume_role", "arn:aws:iam::aws:policy/AmazonEC2FullAccess", CancellationToken.None);
        await iam.AttachPolicyAsync("assume_role", "arn:aws:iam::aws:policy/ReadOnlyAccess", CancellationToken.None);
        await iam.UpdateTrustPolicyAsync("assume_role", TrustPolicy.ForAccount("aws", "999999999999"), CancellationToken.None);

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        var role = await iam.GetRoleAsync("assume_role", CancellationToken.None);
        Assert.True(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", run.World.SourceAccountId), role!.TrustPolicy));
        var attached = await iam.ListAttachedPoliciesAsync("assume_role", CancellationToken.None);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(attached).Arn);
    }

    [Fact]
    public async Task ASameNamedRoleWeDidNotCreate_IsRefusedAndLeftUntouched()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        var iam = run.DestinationIam();
        var foreignTrust = TrustPolicy.ForAccount("aws", "999999999999");
        await iam.CreateRoleAsync("assume_role", foreignTrust, "someone else's", new Dictionary<string, string> { ["Team"] = "other" }, CancellationToken.None);

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("not created by AssumeRoleCli", outcome.Stderr, StringComparison.Ordinal);
        var role = await iam.GetRoleAsync("assume_role", CancellationToken.None);
        Assert.True(TrustPolicy.AreEquivalent(foreignTrust, role!.TrustPolicy));
        Assert.Empty(await iam.ListAttachedPoliciesAsync("assume_role", CancellationToken.None));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    [Theory]
    [InlineData("no\n")]
    [InlineData("")]
    public async Task Declined_ExitsNonZero_AndCreatesNothing(string answer)
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync(["create-role"], answer);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Do you want to perform these actions? Only 'yes' will be accepted:", outcome.Stderr, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task AnUnknownProfile_IsOneLineNamingTheProfilesThatExist()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--destination-profile", "prod");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("'prod'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("destination, source", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task ABadRoleName_IsAUsageError_AndCallsNothing()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--role-name", "no spaces allowed");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task ExtraPoliciesByNameAndArn_AreAttached()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--role-name", "two_policies",
            "--policy-name", "AmazonEC2FullAccess", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var attached = await run.DestinationIam().ListAttachedPoliciesAsync("two_policies", CancellationToken.None);
        Assert.Equal(
            ["arn:aws:iam::aws:policy/AmazonEC2FullAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
            attached.Select(p => p.Arn).Order(StringComparer.Ordinal));
    }
}
