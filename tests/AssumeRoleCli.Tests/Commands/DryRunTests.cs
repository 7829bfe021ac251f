using System.Text.Json;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// --dry-run on every changing command, against moto: the plan is printed (or, with --output json, given as data),
/// nothing is asked, exit 0, and nothing changes: the destination admin sees AWS as it was, the state file is
/// byte for byte the same. One world for the class, a role name per test.
/// </summary>
public sealed class DryRunTests : IClassFixture<MotoSandbox>
{
    private static readonly Lock Gate = new();
    private static TwoAccountWorld? _sharedWorld;

    private readonly MotoSandbox _sandbox;

    public DryRunTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task CreateRole_PrintsThePlan_AndCreatesNothing()
    {
        var run = NewRun();
        var name = UniqueName();

        var outcome = await run.RunAsync("create-role", "--dry-run", "--role-name", name);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains($"# aws_iam_role.{name} will be created", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\nTarget: account {run.World.DestinationAccountId} (profile 'destination'), region {run.World.Region}.\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("role_arn =", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains(DryRun.Done, outcome.Stderr, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task CreateRole_WithJson_PutsThePlanOnStdoutAsData()
    {
        var run = NewRun();
        var name = UniqueName();

        var outcome = await run.RunAsync("create-role", "--dry-run", "--output", "json", "--role-name", name);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var plan = JsonDocument.Parse(outcome.Stdout);
        var change = Assert.Single(plan.RootElement.GetProperty("changes").EnumerateArray().ToList());
        Assert.Equal(("create", $"aws_iam_role.{name}"), (change.GetProperty("action").GetString(), change.GetProperty("address").GetString()));
        var trust = change.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "assume_role_policy");
        Assert.Equal(
            $"arn:aws:iam::{run.World.SourceAccountId}:root",
            trust.GetProperty("after").GetProperty("Statement")[0].GetProperty("Principal").GetProperty("AWS").GetString());
        // The new role's ARN is known only once CreateRole answers: left out, as every value known after apply.
        Assert.DoesNotContain(change.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("name").GetString() == "arn");
        Assert.Equal(1, plan.RootElement.GetProperty("add").GetInt32());
        AssertTarget(plan.RootElement, run, "destination", null);
        Assert.Contains("Plan: 1 to add", outcome.Stderr, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task CreateRole_OnADriftedRole_ShowsTheTrustChangeFieldByField_AndLeavesTheDrift()
    {
        var run = NewRun();
        var name = await CreateRoleAsync(run);
        var iam = run.DestinationIam();
        var foreignTrust = TrustPolicy.ForAccount("aws", "999999999999");
        await iam.UpdateTrustPolicyAsync(name, foreignTrust, CancellationToken.None);
        var stateBefore = File.ReadAllText(run.StatePath);

        var outcome = await run.RunAsync("create-role", "--dry-run", "--role-name", name);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains(
            $"                          ~ AWS = \"arn:aws:iam::999999999999:root\" -> \"arn:aws:iam::{run.World.SourceAccountId}:root\"\n" +
            "                        }\n" +
            "                        # (2 unchanged attributes hidden)\n",
            outcome.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\nTarget: account {run.World.DestinationAccountId} (profile 'destination'), region {run.World.Region}.\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.True(TrustPolicy.AreEquivalent(foreignTrust, (await iam.GetRoleAsync(name, CancellationToken.None))!.TrustPolicy));
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
    }

    [Fact]
    public async Task LaunchInstance_PlansTheInstance_AndLaunchesNothing()
    {
        var run = NewRun();
        var name = await CreateRoleAsync(run);
        var stateBefore = File.ReadAllText(run.StatePath);

        var outcome = await run.RunAsync("launch-instance", "--dry-run", "--output", "json", "--count", "2");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var plan = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(
            ["aws_instance.this[0]", "aws_instance.this[1]"],
            plan.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("address").GetString()));
        Assert.Equal(2, plan.RootElement.GetProperty("add").GetInt32());
        AssertTarget(plan.RootElement, run, null, "profile 'source'");
        Assert.Contains($"\nTarget: account {run.World.DestinationAccountId} (through the role, assumed with profile 'source'), region {run.World.Region}.\n", outcome.Stderr, StringComparison.Ordinal);
        Assert.Empty(await InstancesTaggedForAsync(run, name));
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
    }

    [Fact]
    public async Task Teardown_PlansTheDestruction_AndDestroysNothing()
    {
        var run = NewRun();
        var name = await CreateRoleAsync(run);
        var launched = await run.RunAsync("launch-instance", "--auto-approve", "--role-arn", ArnOf(run, name));
        Assert.True(launched.ExitCode == 0, launched.ToString());
        var stateBefore = File.ReadAllText(run.StatePath);

        var text = await run.RunAsync(["teardown", "--dry-run", "--role-name", name], stdin: "");
        var json = await run.RunAsync("teardown", "--dry-run", "--output", "json", "--role-name", name);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("# aws_instance.this[0] will be destroyed", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            $"\nTarget: account {run.World.DestinationAccountId} (profile 'destination'; instances through the role, assumed with profile 'source'), region {run.World.Region}.\n",
            text.Stdout,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Destroy complete", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", text.Stderr, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var plan = JsonDocument.Parse(json.Stdout);
        Assert.Equal(["delete", "delete"], plan.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("action").GetString()));
        Assert.Equal(2, plan.RootElement.GetProperty("destroy").GetInt32());
        AssertTarget(plan.RootElement, run, "destination", "profile 'source'");
        Assert.Equal(["running"], (await InstancesTaggedForAsync(run, name)).Select(i => i.State));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
    }

    [Fact]
    public async Task EndpointUrl_AsInTheAwsCli_SendsEveryCallThere()
    {
        var world = NewRun().World;
        var name = UniqueName();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        // An environment with no endpoint override: without --endpoint-url the calls would go to AWS (unreachable here).
        var services = new AssumeRoleCli.Cli.CliServices(
            new AssumeRoleCli.Cli.Terminal(stdout, stderr, new StringReader(""), inputIsInteractive: false),
            AssumeRoleCli.Aws.Credentials.AwsEnvironment.ForDirectory(world.CredentialsFile),
            new AssumeRoleCli.Aws.AwsClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero);
        var exit = await CliApp.RunAsync(
            ["--endpoint-url", world.EndpointUrl, "create-role", "--dry-run", "--role-name", name, "--state", Path.Combine(world.Directory, $"{name}.json")], services);

        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains($"Target: account {world.DestinationAccountId} (profile 'destination')", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCWhilePlanning_SaysNothingWasChanged_AndChangesNothing()
    {
        var run = NewRun();
        var name = UniqueName();
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        var outcome = await run.RunAsync(["create-role", "--auto-approve", "--role-name", name], "", interrupted.Token);

        Assert.True(outcome.ExitCode == 130, outcome.ToString());
        Assert.Contains("Interrupted: nothing was changed.", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("state file keeps", outcome.Stderr, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
    }

    /// <summary>The plan names the destination account, the profiles and the region it acts in.</summary>
    private static void AssertTarget(JsonElement plan, CommandRunner run, string? profile, string? assumedWith)
    {
        var target = plan.GetProperty("target");
        Assert.Equal([run.World.DestinationAccountId], target.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            (run.World.Region, profile, assumedWith),
            (target.GetProperty("region").GetString(), target.GetProperty("profile").GetString(), target.GetProperty("assumed_with").GetString()));
    }

    private CommandRunner NewRun()
    {
        lock (Gate)
        {
            return new CommandRunner(_sharedWorld ??= _sandbox.LeaseWorld());
        }
    }

    private static string UniqueName() => $"dr-{Guid.NewGuid():N}"[..16];

    private static string ArnOf(CommandRunner run, string name) => $"arn:aws:iam::{run.World.DestinationAccountId}:role/{name}";

    private static async Task<string> CreateRoleAsync(CommandRunner run)
    {
        var name = UniqueName();
        var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", name);
        Assert.True(created.ExitCode == 0, created.ToString());
        return name;
    }

    /// <summary>As the destination admin: every instance, in any state, tagged for the role.</summary>
    private static Task<IReadOnlyList<AssumeRoleCli.Aws.InstanceInfo>> InstancesTaggedForAsync(CommandRunner run, string name) =>
        run.DestinationEc2().FindInstancesAsync(
            ManagedTags.ForInstance(ArnOf(run, name)), ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"], CancellationToken.None);
}
