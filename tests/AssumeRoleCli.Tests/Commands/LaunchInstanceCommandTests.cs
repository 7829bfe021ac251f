using System.Text.Json;
using Amazon.EC2.Model;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

public sealed class LaunchInstanceCommandTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public LaunchInstanceCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    /// <summary>create-role with the full credentials file; the returned runner for launches has no destination profile.</summary>
    private async Task<CommandRunner> WorldWithRoleAsync(params string[] createRoleArgs)
    {
        var world = _sandbox.LeaseWorld();
        var admin = new CommandRunner(world);
        var created = await admin.RunAsync(["create-role", "--auto-approve", .. createRoleArgs]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var sourceOnly = new CommandRunner(world, world.CredentialsFileWithoutDestination);
        File.Copy(admin.StatePath, sourceOnly.StatePath);
        return sourceOnly;
    }

    private static async Task<List<Reservation>> AdminDescribeAsync(TwoAccountWorld world, params string[] ids)
    {
        using var ec2 = world.DestinationAdminEc2();
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [.. ids] });
        return response.Reservations ?? [];
    }

    private static string InstanceIdFrom(CommandOutcome outcome) =>
        outcome.Stdout.Split('\n').Single(l => l.StartsWith("instance_id = ", StringComparison.Ordinal))["instance_id = ".Length..].Trim('"');

    [Fact]
    public async Task LaunchesInTheDestinationAccount_ThroughTheRoleOnly_WithoutADestinationProfile()
    {
        var run = await WorldWithRoleAsync();
        Assert.DoesNotContain("[destination]", File.ReadAllText(run.World.CredentialsFileWithoutDestination), StringComparison.Ordinal);

        var outcome = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        var id = InstanceIdFrom(outcome);
        var reservation = Assert.Single(await AdminDescribeAsync(run.World, id));
        Assert.Equal(run.World.DestinationAccountId, reservation.OwnerId);
        var instance = Assert.Single(reservation.Instances);
        Assert.Equal("running", instance.State.Name.Value);
        Assert.Equal("t2.micro", instance.InstanceType.Value);
        var tags = instance.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("AssumeRoleCli", tags["ManagedBy"]);
        Assert.Equal($"arn:aws:iam::{run.World.DestinationAccountId}:role/assume_role", tags["AssumeRoleCli:Role"]);
        Assert.Equal("assumerole-assume_role", tags["Name"]);

        using var adminEc2 = run.World.DestinationAdminEc2();
        var image = Assert.Single((await adminEc2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [instance.ImageId] })).Images);
        Assert.Equal("099720109477", image.OwnerId);
        // The newest build of the current LTS, though moto also has newer builds of 22.04 and 24.10 (Fixtures/moto-amis.json).
        Assert.Equal("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115", image.Name);

        Assert.Contains($"in account {run.World.DestinationAccountId}", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal([id], StateFile.Read(run.StatePath).Launches.Single().InstanceIds);
    }

    [Fact]
    public async Task Rerun_LaunchesNothingNew()
    {
        var run = await WorldWithRoleAsync();
        var first = await run.RunAsync("launch-instance", "--auto-approve");
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(InstanceIdFrom(first), InstanceIdFrom(again));
        Assert.Single(await AdminDescribeAsync(run.World));
    }

    [Fact]
    public async Task ARerunAfterACrashBeforeTheIdsWereRecorded_AdoptsTheInstances_AndLaunchesNothing()
    {
        var run = await WorldWithRoleAsync();
        var first = await run.RunAsync("launch-instance", "--auto-approve", "--no-wait");
        Assert.True(first.ExitCode == 0, first.ToString());
        using (var state = StateFile.Open(run.StatePath))
        {
            // As if killed between RunInstances and writing its answer: only the client token is on disk.
            state.Update(s => s with { Launches = s.Launches.Select(l => l with { InstanceIds = [] }).ToList() });
        }

        var again = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("interrupted launch", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(InstanceIdFrom(first), InstanceIdFrom(again));
        Assert.Single(await AdminDescribeAsync(run.World));
        Assert.Equal([InstanceIdFrom(first)], StateFile.Read(run.StatePath).Launches.Single().InstanceIds);
    }

    [Fact]
    public async Task ARecordedTokenWithNoInstance_IsReusedForTheLaunch()
    {
        var run = await WorldWithRoleAsync();
        var role = Assert.Single(StateFile.Read(run.StatePath).Roles).Arn;
        using (var state = StateFile.Open(run.StatePath))
        {
            state.Update(s => s with { Launches = [new LaunchRecord("crashed-token-1", role, run.World.Region, 1, [], DateTimeOffset.UtcNow)] });
        }

        var outcome = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var instance = Assert.Single(Assert.Single(await AdminDescribeAsync(run.World, InstanceIdFrom(outcome))).Instances);
        Assert.Equal("crashed-token-1", instance.Tags.Single(t => t.Key == ManagedTags.ClientTokenKey).Value);
        Assert.Equal("crashed-token-1", StateFile.Read(run.StatePath).Launches.Single().ClientToken);
    }

    [Fact]
    public async Task CountTwo_IsOneRunInstancesCall_AndJsonListsBoth()
    {
        var run = await WorldWithRoleAsync();

        var outcome = await run.RunAsync("launch-instance", "--auto-approve", "--count", "2", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        var ids = json.RootElement.GetProperty("instance_ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Equal(ids[0], json.RootElement.GetProperty("instance_id").GetString());
        Assert.Equal(run.World.DestinationAccountId, json.RootElement.GetProperty("account").GetString());
        Assert.Equal("us-east-1", json.RootElement.GetProperty("region").GetString());
        Assert.Equal("t2.micro", json.RootElement.GetProperty("instance_type").GetString());
        Assert.StartsWith("ami-", json.RootElement.GetProperty("ami").GetString(), StringComparison.Ordinal);
        Assert.Equal(ids, json.RootElement.GetProperty("launched").EnumerateArray().Select(e => e.GetString()!));
        Assert.True(json.RootElement.GetProperty("changed").GetBoolean());
        var reservation = Assert.Single(await AdminDescribeAsync(run.World, ids));
        Assert.Equal(2, reservation.Instances.Count);

        // The rerun launches nothing: both still listed, none launched, nothing changed.
        var again = await run.RunAsync("launch-instance", "--auto-approve", "--count", "2", "--output", "json");
        Assert.True(again.ExitCode == 0, again.ToString());
        using var rerun = JsonDocument.Parse(again.Stdout);
        Assert.Equal(ids.Order(), rerun.RootElement.GetProperty("instance_ids").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Empty(rerun.RootElement.GetProperty("launched").EnumerateArray());
        Assert.False(rerun.RootElement.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task ARoleWithoutEc2LaunchRights_IsAClearUnauthorizedOperationError()
    {
        var run = await WorldWithRoleAsync("--role-name", "read_only", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");

        var outcome = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.Equal(1, outcome.ExitCode);
        Assert.True(outcome.Stderr.Contains("UnauthorizedOperation", StringComparison.Ordinal), outcome.ToString());
        Assert.Empty(await AdminDescribeAsync(run.World));
        Assert.Empty(StateFile.Read(run.StatePath).Launches);
    }

    [Theory]
    [InlineData("--ami", "ami-00000000deadbeef0", "InvalidAMIID", "--ami")]
    [InlineData("--key-name", "no-such-key", "InvalidKeyPair.NotFound", "--key-name")]
    public async Task AResourceThatDoesNotExist_IsOneLineWithTheAwsCode_AndLeavesNoLaunchBehind(string option, string value, string code, string hint)
    {
        var run = await WorldWithRoleAsync();

        var outcome = await run.RunAsync("launch-instance", "--auto-approve", option, value);

        Assert.Equal(1, outcome.ExitCode);
        var error = outcome.Stderr.TrimEnd().Split('\n')[^1];
        var call = $"ec2:RunInstances as assume_role in {run.World.DestinationAccountId} ({run.World.Region})";
        Assert.True(error.StartsWith($"Error: {call}: AWS error {code}", StringComparison.Ordinal), outcome.ToString());
        Assert.Contains(hint, error, StringComparison.Ordinal);
        Assert.Empty(await AdminDescribeAsync(run.World));
        Assert.Empty(StateFile.Read(run.StatePath).Launches);
    }

    [Fact]
    public async Task NoRoleInStateAndNoRoleArn_SaysWhatToDo()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld(), rolePropagationGrace: TimeSpan.Zero);

        var outcome = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--role-arn", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("create-role", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExplicitRoleArn_WorksWithoutAnyState()
    {
        var world = _sandbox.LeaseWorld();
        Assert.Equal(0, (await new CommandRunner(world).RunAsync("create-role", "--auto-approve")).ExitCode);
        var run = new CommandRunner(world, world.CredentialsFileWithoutDestination);

        var outcome = await run.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--role-arn", $"arn:aws:iam::{world.DestinationAccountId}:role/assume_role");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Single(await AdminDescribeAsync(world, InstanceIdFrom(outcome)));
    }

    [Fact]
    public async Task AnUnknownInstanceType_IsAUsageError_AndLaunchesNothing()
    {
        var run = await WorldWithRoleAsync();

        var outcome = await run.RunAsync("launch-instance", "--auto-approve", "--instance-type", "t2.galactic");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("t2.galactic", outcome.Stderr, StringComparison.Ordinal);
        Assert.Empty(await AdminDescribeAsync(run.World));
    }

    [Fact]
    public async Task Declined_LaunchesNothing()
    {
        var run = await WorldWithRoleAsync();

        var outcome = await run.RunAsync(["launch-instance"], "no\n");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Empty(await AdminDescribeAsync(run.World));
        Assert.Empty(StateFile.Read(run.StatePath).Launches);
    }

    [Fact]
    public async Task CtrlCWhileWaiting_Exits130_AndKeepsTheInstanceInTheState()
    {
        // The proxy holds the wait's first DescribeInstances in flight: the cancel lands inside the wait, whatever the
        // poller's timing (it looks at once after RunInstances).
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var created = await run.RunAsync("create-role", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        // Only the wait's DescribeInstances (by instance id), not the plan's search by tag.
        aws.Add(new InjectedFault(FaultKind.SlowAnswer, 1, "DescribeInstances")
        {
            Delay = TimeSpan.FromSeconds(60),
            When = call => call.Parameters.Values.Contains("instance-id"),
        });
        using var interrupt = new CancellationTokenSource();

        var outcome = run.RunAsync(["launch-instance", "--auto-approve"], "", interrupt.Token);
        while (!outcome.IsCompleted && !(RecordedAnInstance(run.StatePath) && aws.Requests.Received("DescribeInstances") > 1))
        {
            await Task.Delay(20);
        }

        await interrupt.CancelAsync();
        var result = await outcome;

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("Interrupted", result.Stderr, StringComparison.Ordinal);
        var recorded = Assert.Single(StateFile.Read(run.StatePath).Launches.Single().InstanceIds);
        Assert.Single(await AdminDescribeAsync(run.World, recorded));
        Assert.False(File.Exists(run.StatePath + ".lock"));
    }

    private static bool RecordedAnInstance(string statePath) =>
        StateFile.Read(statePath).Launches is [{ InstanceIds.Count: > 0 }, ..];
}
