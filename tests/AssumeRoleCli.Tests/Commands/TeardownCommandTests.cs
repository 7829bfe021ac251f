using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// teardown against the two-account moto world, auth checks on. The role is made with create-role; instances are
/// made directly by the destination admin with our tags (or without, as bystanders), so these tests do not lean on
/// launch-instance. All tests share one world, each with its own role name: a fresh account's first EC2 call costs
/// about 2 s, and the world pool is shared with every other test class.
/// </summary>
public sealed class TeardownCommandTests : IClassFixture<MotoSandbox>
{
    private static readonly Lock Gate = new();
    private static TwoAccountWorld? _sharedWorld;
    private static string? _imageId;

    private readonly MotoSandbox _sandbox;

    public TeardownCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task TerminatesOurInstances_AndDeletesOurRole_WhileBystandersSurvive()
    {
        var run = NewRun();
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        var roleArn = ArnOf(run, RoleTarget.DefaultRoleName);
        var recorded = await LaunchAsync(run, roleArn);
        var foundByTagOnly = await LaunchAsync(run, roleArn);
        var bystander = await LaunchAsync(run, roleArn: null);
        var otherRolesInstance = await LaunchAsync(run, ArnOf(run, "someone_elses_role"));
        Record(run, roleArn, recorded, bystander);
        var bystanderRole = await CreateForeignRoleAsync(run);

        var outcome = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 3 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        // Addresses count the state file's launch order (the bystander is this[1]); what only the tags found comes after.
        Assert.Contains("# aws_instance.this[0] will be destroyed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("# aws_instance.this[2] will be destroyed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"- id             = \"{recorded}\" -> null", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"- id             = \"{foundByTagOnly}\" -> null", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("# aws_iam_role.assume_role will be destroyed", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(bystander, outcome.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Destroy complete! Resources: 3 destroyed.\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"aws_instance.this[0]: Destroying... [id={recorded}]", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"aws_instance.this[2]: Destroying... [id={foundByTagOnly}]", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("aws_instance.this[0]: Destruction complete after", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Skipping {bystander}", outcome.Stderr, StringComparison.Ordinal);

        Assert.Equal("terminated", await StateOfAsync(run, recorded));
        Assert.Equal("terminated", await StateOfAsync(run, foundByTagOnly));
        Assert.Equal("running", await StateOfAsync(run, bystander));
        Assert.Equal("running", await StateOfAsync(run, otherRolesInstance));
        Assert.Null(await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync(bystanderRole, CancellationToken.None));
        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
    }

    [Fact]
    public async Task DeletingARole_RemovesItsCachedMfaSessions_AndNoOtherRoles()
    {
        // A role re-created under the same name would otherwise get the dead session from the cache for up to an hour.
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var cacheDirectory = run.Environment.CliCacheDirectory!;
        Directory.CreateDirectory(cacheDirectory);
        string Cached(string file, string assumedRoleArn)
        {
            var path = Path.Combine(cacheDirectory, file);
            File.WriteAllText(path, $$$"""{"Credentials": {"AccessKeyId": "ASIAC", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00UTC"}, "AssumedRoleUser": {"Arn": "{{{assumedRoleArn}}}"}}""");
            return path;
        }

        var account = run.World.DestinationAccountId;
        var ours = Cached("ours.json", $"arn:aws:sts::{account}:assumed-role/{name}/assumerole-cli");
        var oursOtherSession = Cached("ours-cli.json", $"arn:aws:sts::{account}:assumed-role/{name}/botocore-session-1");
        var otherRole = Cached("other.json", $"arn:aws:sts::{account}:assumed-role/{name}-b/assumerole-cli");
        var otherAccount = Cached("elsewhere.json", $"arn:aws:sts::999999999999:assumed-role/{name}/assumerole-cli");
        var notOurs = Path.Combine(cacheDirectory, "sso.json");
        File.WriteAllText(notOurs, """{"ProviderType": "sso", "Credentials": {"AccessKeyId": "x"}}""");

        var outcome = await run.RunAsync("teardown", "--auto-approve", "--role-name", name);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
        Assert.False(File.Exists(ours));
        Assert.False(File.Exists(oursOtherSession));
        Assert.True(File.Exists(otherRole) && File.Exists(otherAccount) && File.Exists(notOurs));
        Assert.Contains($"Removed 2 cached session(s) of {roleArn} from {cacheDirectory}.", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondTeardown_IsANoOp_ThatNeedsNoApproval()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        Record(run, roleArn, await LaunchAsync(run, roleArn));
        var first = await run.RunAsync("teardown", "--auto-approve", "--role-name", name);
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await run.RunAsync(["teardown", "--role-name", name], stdin: "");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("No changes. No objects need to be destroyed.", second.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Destroy complete! Resources: 0 destroyed.\n", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATeardownAfterTeardown_DestroysNothing_NotTheRoleOfTheSameNameAnotherStateFileMade()
    {
        var here = NewRun();
        Assert.Equal(0, (await here.RunAsync("create-role", "--auto-approve")).ExitCode);
        Assert.Equal(0, (await here.RunAsync("teardown", "--auto-approve")).ExitCode);
        var elsewhere = new CommandRunner(here.World); // another folder's state file, same accounts, the default role name
        Assert.Equal(0, (await elsewhere.RunAsync("create-role", "--auto-approve")).ExitCode);

        var again = await here.RunAsync(["teardown"], stdin: "");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes. No objects need to be destroyed.", again.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Destroy complete! Resources: 0 destroyed.\n", again.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await here.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        Assert.Equal(ArnOf(elsewhere, RoleTarget.DefaultRoleName), Assert.Single(StateFile.Read(elsewhere.StatePath).Roles).Arn);

        // A state file that is not there at all (lost) still lets the default role stand in: nothing it made is orphaned.
        File.Delete(elsewhere.StatePath);
        var lost = await elsewhere.RunAsync("teardown", "--auto-approve");
        Assert.True(lost.ExitCode == 0, lost.ToString());
        Assert.Null(await here.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
    }

    [Fact]
    public async Task WithTheStateFileDeleted_RoleArnStillFindsEverythingByTag()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var first = await LaunchAsync(run, roleArn);
        var second = await LaunchAsync(run, roleArn);
        Record(run, roleArn, first, second);
        File.Delete(run.StatePath);

        var outcome = await run.RunAsync("teardown", "--auto-approve", "--role-arn", roleArn);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.EndsWith("Destroy complete! Resources: 3 destroyed.\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, first));
        Assert.Equal("terminated", await StateOfAsync(run, second));
        Assert.Null(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
    }

    [Theory]
    [InlineData("no\n")]
    [InlineData("")]
    public async Task Declined_ExitsNonZero_AndChangesNothing(string answer)
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var instance = await LaunchAsync(run, roleArn);
        Record(run, roleArn, instance);
        var stateBefore = File.ReadAllText(run.StatePath);

        var outcome = await run.RunAsync(["teardown", "--role-name", name], answer);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(Confirmation.DestroyQuestion, outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Destroy complete", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal("running", await StateOfAsync(run, instance));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));
    }

    [Fact]
    public async Task KeepRole_TerminatesTheInstances_AndKeepsTheRoleAndItsRecord()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var instance = await LaunchAsync(run, roleArn);
        Record(run, roleArn, instance);

        var outcome = await run.RunAsync("teardown", "--auto-approve", "--keep-role");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 1 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("aws_iam_role", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, instance));
        Assert.Single(await run.DestinationIam().ListAttachedPoliciesAsync(name, CancellationToken.None));
        var state = StateFile.Read(run.StatePath);
        Assert.Equal(roleArn, Assert.Single(state.Roles).Arn);
        Assert.Empty(state.Launches);
    }

    [Fact]
    public async Task AForeignRoleNamedByRoleName_IsRefusedUntouched_AndNothingIsTerminated()
    {
        var run = NewRun();
        var name = await CreateForeignRoleAsync(run);
        var iam = run.DestinationIam();
        await iam.AttachPolicyAsync(name, "arn:aws:iam::aws:policy/ReadOnlyAccess", CancellationToken.None);
        var taggedForIt = await LaunchAsync(run, ArnOf(run, name));

        var outcome = await run.RunAsync("teardown", "--auto-approve", "--role-name", name);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("not created by AssumeRoleCli", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Destroy complete", outcome.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await iam.GetRoleAsync(name, CancellationToken.None));
        Assert.Single(await iam.ListAttachedPoliciesAsync(name, CancellationToken.None));
        Assert.Equal("running", await StateOfAsync(run, taggedForIt));
    }

    [Fact]
    public async Task JsonOutput_PutsOnlyTheResultOnStdout()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var instance = await LaunchAsync(run, roleArn);

        var outcome = await run.RunAsync("teardown", "--auto-approve", "--output", "json", "--role-name", name);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal([instance], json.RootElement.GetProperty("terminated").EnumerateArray().Select(e => e.GetString()));
        Assert.True(json.RootElement.GetProperty("role_deleted").GetBoolean());
        Assert.Equal(roleArn, json.RootElement.GetProperty("role_arn").GetString());
        Assert.Equal([roleArn], json.RootElement.GetProperty("role_arns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([roleArn], json.RootElement.GetProperty("roles_deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.True(json.RootElement.GetProperty("changed").GetBoolean());
        Assert.Equal(6, json.RootElement.EnumerateObject().Count());
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("Destroy complete! Resources: 2 destroyed.", outcome.Stderr, StringComparison.Ordinal);

        // Nothing left: the rerun changes nothing and says so.
        var again = await run.RunAsync("teardown", "--auto-approve", "--output", "json", "--role-name", name);
        Assert.True(again.ExitCode == 0, again.ToString());
        using var nothing = JsonDocument.Parse(again.Stdout);
        Assert.False(nothing.RootElement.GetProperty("changed").GetBoolean());
        Assert.Empty(nothing.RootElement.GetProperty("terminated").EnumerateArray());
    }

    [Fact]
    public async Task WithoutTheDestinationProfile_DeletingTheRoleIsRefused_ButKeepRoleWorksThroughTheRole()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var instance = await LaunchAsync(run, roleArn);
        var sourceOnly = new CommandRunner(run.World, run.World.CredentialsFileWithoutDestination);

        var refused = await sourceOnly.RunAsync("teardown", "--auto-approve", "--state", run.StatePath);
        var kept = await sourceOnly.RunAsync("teardown", "--auto-approve", "--keep-role", "--state", run.StatePath);

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("needs the destination profile", line, StringComparison.Ordinal);
        Assert.Contains("--keep-role", line, StringComparison.Ordinal);
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.DoesNotContain("instead", kept.Stderr, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, instance));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task ARoleDeletedBehindOurBack_ItsInstancesAreTerminatedWithTheDestinationProfile()
    {
        var run = NewRun();
        var (name, roleArn) = await CreateRoleAsync(run);
        var instance = await LaunchAsync(run, roleArn);
        Record(run, roleArn, instance);
        var iam = run.DestinationIam();
        await iam.DetachPolicyAsync(name, "arn:aws:iam::aws:policy/AmazonEC2FullAccess", CancellationToken.None);
        await iam.DeleteRoleAsync(name, CancellationToken.None);

        var outcome = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("no longer exists", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("with the destination profile 'destination' instead", outcome.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Destroy complete! Resources: 1 destroyed.\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, instance));
        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
    }

    [Theory]
    [InlineData("--role-arn", "arn:aws:iam::123:role/short-account")]
    [InlineData("--role-name", "no spaces allowed")]
    [InlineData("--role-name", "assume_role", "--role-arn", "arn:aws:iam::111122223333:role/assume_role")]
    public async Task BadInput_IsAUsageError_AndCallsNothing(params string[] args)
    {
        var run = NewRun();

        var outcome = await run.RunAsync(["teardown", "--auto-approve", .. args]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Equal("", outcome.Stdout);
        Assert.False(File.Exists(run.StatePath));
    }

    private CommandRunner NewRun()
    {
        lock (Gate)
        {
            return new CommandRunner(_sharedWorld ??= _sandbox.LeaseWorld());
        }
    }

    private static string ArnOf(CommandRunner run, string roleName) => $"arn:aws:iam::{run.World.DestinationAccountId}:role/{roleName}";

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<(string Name, string Arn)> CreateRoleAsync(CommandRunner run)
    {
        var name = UniqueName("td");
        var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", name);
        Assert.True(created.ExitCode == 0, created.ToString());
        return (name, ArnOf(run, name));
    }

    /// <summary>A role the destination admin made by hand: no ManagedBy tag.</summary>
    private static async Task<string> CreateForeignRoleAsync(CommandRunner run)
    {
        var name = UniqueName("foreign");
        await run.DestinationIam().CreateRoleAsync(
            name, TrustPolicy.ForAccount("aws", run.World.SourceAccountId), "made by hand", new Dictionary<string, string> { ["Team"] = "other" }, CancellationToken.None);
        return name;
    }

    /// <summary>Launches one instance as the destination admin, tagged for <paramref name="roleArn"/>, or untagged when null.</summary>
    private static async Task<string> LaunchAsync(CommandRunner run, string? roleArn)
    {
        using var ec2 = run.World.DestinationAdminEc2();
        _imageId ??= (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = [InstancePlanner.CanonicalOwner("aws")!] })).Images?.FirstOrDefault()?.ImageId
            ?? throw new InvalidOperationException("moto's catalogue has no Canonical image.");
        List<Tag> tags = roleArn is null
            ? [new Tag("Name", "bystander")]
            : [.. ManagedTags.ForInstance(roleArn).Select(t => new Tag(t.Key, t.Value))];
        var response = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = _imageId,
            InstanceType = InstanceType.T2Micro,
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags }],
        });
        return Assert.Single(response.Reservation.Instances).InstanceId;
    }

    /// <summary>Records the ids in the state file as one launch, as launch-instance would.</summary>
    private static void Record(CommandRunner run, string roleArn, params string[] instanceIds)
    {
        using var state = StateFile.Open(run.StatePath);
        state.Update(s => s with
        {
            Launches = [.. s.Launches, new LaunchRecord(Guid.NewGuid().ToString("N"), roleArn, run.World.Region, instanceIds.Length, instanceIds, DateTimeOffset.UtcNow)],
        });
    }

    private static async Task<string> StateOfAsync(CommandRunner run, string instanceId) =>
        Assert.Single(await run.DestinationEc2().DescribeInstancesAsync([instanceId], CancellationToken.None)).State;
}
