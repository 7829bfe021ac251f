using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// status against the two-account moto world: nothing there, a role only, a role with instances (whose addresses
/// must be the launch plan's and teardown's), and drift made by the destination admin. Every test checks that status
/// leaves the state file as it was. One world for the class, a role name per test.
/// </summary>
public sealed class StatusCommandTests : IClassFixture<MotoSandbox>
{
    private static readonly Lock Gate = new();
    private static TwoAccountWorld? _sharedWorld;

    private readonly MotoSandbox _sandbox;

    public StatusCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task WithNothingCreated_ShowsTheDefaultRoleAsAbsent_AndExitsZero_WithoutWritingAState()
    {
        var run = NewRun();

        var text = await run.RunAsync("status");
        var json = await run.RunAsync("status", "--output", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"No roles: IAM has no arn:aws:iam::{run.World.DestinationAccountId}:role/{RoleTarget.DefaultRoleName}.", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer exists", text.Stdout + text.Stderr, StringComparison.Ordinal);
        Assert.Contains("No instances of ours are running or stopped.", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("None: AWS matches the state file.", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var role = Assert.Single(document.RootElement.GetProperty("roles").EnumerateArray().ToList());
        Assert.False(role.GetProperty("exists").GetBoolean());
        Assert.False(role.GetProperty("assumable").GetBoolean());
        Assert.Empty(document.RootElement.GetProperty("instances").EnumerateArray());
        Assert.Empty(document.RootElement.GetProperty("drift").EnumerateArray());
        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task WithTheRoleOnly_ShowsItExistsAndIsAssumable_WithItsPolicyAndSessionLimit()
    {
        var run = NewRun();
        var (name, arn) = await CreateRoleAsync(run);
        var stateBefore = File.ReadAllText(run.StatePath);

        var outcome = await run.RunAsync("status", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var role = Assert.Single(document.RootElement.GetProperty("roles").EnumerateArray().ToList());
        Assert.Equal(arn, role.GetProperty("role_arn").GetString());
        Assert.True(role.GetProperty("exists").GetBoolean());
        Assert.True(role.GetProperty("assumable").GetBoolean());
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonEC2FullAccess"], role.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3600, role.GetProperty("max_session_duration").GetInt32());
        Assert.Equal([$"arn:aws:iam::{run.World.SourceAccountId}:root"], role.GetProperty("trust_principals").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty(document.RootElement.GetProperty("instances").EnumerateArray());
        Assert.Empty(document.RootElement.GetProperty("drift").EnumerateArray());
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
        Assert.DoesNotContain(name, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithInstances_EachHasTheAddressOfItsLaunchPlan_WhichTeardownUsesToo()
    {
        var run = NewRun();
        var (name, _) = await CreateRoleAsync(run);
        var launched = await run.RunAsync("launch-instance", "--auto-approve", "--count", "2");
        Assert.True(launched.ExitCode == 0, launched.ToString());
        var ids = IdsByAddress(launched.Stderr, "Creation complete");
        Assert.Equal(["aws_instance.this[0]", "aws_instance.this[1]"], ids.Keys.Order(StringComparer.Ordinal));
        var stateBefore = File.ReadAllText(run.StatePath);

        var json = await run.RunAsync("status", "--output", "json");
        var text = await run.RunAsync("status");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var instances = document.RootElement.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(ids, instances.ToDictionary(i => i.GetProperty("address").GetString()!, i => i.GetProperty("id").GetString()!));
        Assert.All(instances, i =>
        {
            Assert.Equal("running", i.GetProperty("state").GetString());
            Assert.Equal("t2.micro", i.GetProperty("type").GetString());
            Assert.StartsWith("ami-", i.GetProperty("ami").GetString(), StringComparison.Ordinal);
            Assert.Equal(run.World.Region, i.GetProperty("region").GetString());
            Assert.Equal(run.World.DestinationAccountId, i.GetProperty("account").GetString());
            Assert.EndsWith("Z", i.GetProperty("launch_time").GetString(), StringComparison.Ordinal);
            Assert.NotNull(i.GetProperty("private_ip").GetString());
            Assert.True(i.TryGetProperty("public_ip", out _));
        });
        Assert.Empty(document.RootElement.GetProperty("drift").EnumerateArray());
        Assert.Contains($"aws_instance.this[1]  {ids["aws_instance.this[1]"]}  running  t2.micro", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));

        var teardown = await run.RunAsync("teardown", "--auto-approve", "--role-name", name);
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Equal(ids, IdsByAddress(teardown.Stderr, "Destroying..."));
        Assert.Contains("# aws_instance.this[0] will be destroyed", teardown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangesMadeByTheDestinationAdmin_AreDrift_FieldByField()
    {
        var run = NewRun();
        var (name, arn) = await CreateRoleAsync(run);
        var launched = await run.RunAsync("launch-instance", "--auto-approve", "--role-arn", arn);
        Assert.True(launched.ExitCode == 0, launched.ToString());
        var recorded = IdsByAddress(launched.Stderr, "Creation complete")["aws_instance.this[0]"];
        var iam = run.DestinationIam();
        await iam.UpdateTrustPolicyAsync(name, TrustPolicy.ForAccount("aws", "999999999999"), CancellationToken.None);
        await iam.DetachPolicyAsync(name, "arn:aws:iam::aws:policy/AmazonEC2FullAccess", CancellationToken.None);
        await iam.AttachPolicyAsync(name, "arn:aws:iam::aws:policy/ReadOnlyAccess", CancellationToken.None);
        using var ec2 = run.World.DestinationAdminEc2();
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [recorded] });
        var extra = await LaunchTaggedAsync(ec2, arn);
        var stateBefore = File.ReadAllText(run.StatePath);

        var outcome = await run.RunAsync("status", "--output", "json");
        var text = await run.RunAsync("status");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var drift = document.RootElement.GetProperty("drift").EnumerateArray()
            .Select(d => (Kind: d.GetProperty("kind").GetString(), Resource: d.GetProperty("resource").GetString(), Detail: d.GetProperty("detail").GetString()!))
            .ToList();
        Assert.Equal(
            [("changed", $"aws_iam_role.{name}"), ("changed", $"aws_iam_role.{name}"), ("missing", "aws_instance.this[0]"), ("extra", "aws_instance.this[1]")],
            drift.Select(d => (d.Kind, d.Resource)));
        Assert.Contains($"no longer names the source account {run.World.SourceAccountId}", drift[0].Detail, StringComparison.Ordinal);
        Assert.Contains("attached since: arn:aws:iam::aws:policy/ReadOnlyAccess; detached since: arn:aws:iam::aws:policy/AmazonEC2FullAccess", drift[1].Detail, StringComparison.Ordinal);
        Assert.StartsWith(recorded, drift[2].Detail, StringComparison.Ordinal);
        Assert.StartsWith(extra, drift[3].Detail, StringComparison.Ordinal);
        Assert.Equal(extra, Assert.Single(document.RootElement.GetProperty("instances").EnumerateArray().ToList()).GetProperty("id").GetString());
        Assert.Contains("\nDrift:\n\nKIND     RESOURCE", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
    }

    [Fact]
    public async Task RoleArnAndRoleNameTogether_IsAUsageError()
    {
        var run = NewRun();

        var outcome = await run.RunAsync("status", "--role-name", "x", "--role-arn", "arn:aws:iam::111122223333:role/x");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
    }

    private CommandRunner NewRun()
    {
        lock (Gate)
        {
            return new CommandRunner(_sharedWorld ??= _sandbox.LeaseWorld());
        }
    }

    /// <summary>create-role with a name of this test's own (the shared world never gets the default role).</summary>
    private static async Task<(string Name, string Arn)> CreateRoleAsync(CommandRunner run)
    {
        var name = $"st-{Guid.NewGuid():N}"[..16];
        var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", name);
        Assert.True(created.ExitCode == 0, created.ToString());
        return (name, $"arn:aws:iam::{run.World.DestinationAccountId}:role/{name}");
    }

    /// <summary>address → id from progress lines such as "aws_instance.this[0]: Creation complete after 1s [id=i-...]".</summary>
    private static Dictionary<string, string> IdsByAddress(string stderr, string verb) =>
        stderr.Split('\n')
            .Where(l => l.StartsWith("aws_instance.", StringComparison.Ordinal) && l.Contains(verb, StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf("[id=", StringComparison.Ordinal) + 4)..l.LastIndexOf(']')]);

    /// <summary>An instance the destination admin launched with our tags for the role, which no state file records.</summary>
    private static async Task<string> LaunchTaggedAsync(AmazonEC2Client ec2, string roleArn)
    {
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = [InstancePlanner.CanonicalOwner("aws")!] })).Images![0].ImageId;
        var response = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = image,
            InstanceType = InstanceType.T2Micro,
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [.. ManagedTags.ForInstance(roleArn).Select(t => new Tag(t.Key, t.Value))] }],
        });
        return Assert.Single(response.Reservation.Instances).InstanceId;
    }
}
