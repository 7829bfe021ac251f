using System.Text.Json;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// --ttl, status's expired and teardown --expired against the two-account moto world (moto keeps role and instance
/// tags). "Now" is a <see cref="MovableClock"/> the test moves on: no test waits for an expiry in real time. It
/// starts ten days back and never passes the real time: the role's session from moto expires an hour after the real
/// now, and a clock past that would take it for expired.
/// </summary>
public sealed class ExpiryCommandTests : IClassFixture<MotoSandbox>
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (10 * 24 * 3600));

    private readonly MotoSandbox _sandbox;
    private readonly MovableClock _clock = new(Start);

    public ExpiryCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    private static string At(TimeSpan after) => new Expiry(Start + after).Tag;

    [Fact]
    public async Task CreateRoleTtl_TagsTheRole_APlainRerunLeavesIt_ARerunWithTtlSetsANewOne()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld(), time: _clock);

        var created = await run.RunAsync("create-role", "--auto-approve", "--ttl", "2h");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains($"\"AssumeRoleCli:ExpiresAt\" = \"{At(TimeSpan.FromHours(2))}\"", created.Stdout, StringComparison.Ordinal);
        Assert.Equal(At(TimeSpan.FromHours(2)), await RoleTagAsync(run));

        _clock.Advance(TimeSpan.FromHours(1));
        var plain = await run.RunAsync("create-role", "--auto-approve");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("No changes.", plain.Stdout, StringComparison.Ordinal);
        Assert.Equal(At(TimeSpan.FromHours(2)), await RoleTagAsync(run));

        var withTtl = await run.RunAsync("create-role", "--auto-approve", "--ttl", "7d");
        Assert.True(withTtl.ExitCode == 0, withTtl.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", withTtl.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            $"~ \"AssumeRoleCli:ExpiresAt\" = \"{At(TimeSpan.FromHours(2))}\" -> \"{At(TimeSpan.FromHours(1) + TimeSpan.FromDays(7))}\"",
            withTtl.Stdout,
            StringComparison.Ordinal);
        var role = await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None);
        Assert.Equal(At(TimeSpan.FromHours(1) + TimeSpan.FromDays(7)), role!.Tags[ManagedTags.ExpiresAtKey]);
        Assert.True(ManagedTags.IsOurs(role.Tags));
    }

    [Fact]
    public async Task LaunchTtl_TagsTheInstance_AndStatusSaysExpiredOncePast()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld(), time: _clock);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);

        var launched = await run.RunAsync("launch-instance", "--auto-approve", "--ttl", "1h", "--output", "json");
        Assert.True(launched.ExitCode == 0, launched.ToString());
        var id = JsonDocument.Parse(launched.Stdout).RootElement.GetProperty("instance_id").GetString()!;
        var instance = Assert.Single(await run.DestinationEc2().DescribeInstancesAsync([id], CancellationToken.None));
        Assert.Equal(At(TimeSpan.FromHours(1)), instance.Tags[ManagedTags.ExpiresAtKey]);

        var before = await StatusJsonAsync(run);
        Assert.Equal(At(TimeSpan.FromHours(1)), before.Instance.GetProperty("expires_at").GetString());
        Assert.False(before.Instance.GetProperty("expired").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.Role.GetProperty("expires_at").ValueKind);
        Assert.False(before.Role.GetProperty("expired").GetBoolean());

        _clock.Advance(TimeSpan.FromHours(1));
        var after = await StatusJsonAsync(run);
        Assert.True(after.Instance.GetProperty("expired").GetBoolean());
        var text = await run.RunAsync("status");
        Assert.Contains($"expired {At(TimeSpan.FromHours(1))}", text.Stdout, StringComparison.Ordinal);

        // A rerun with --ttl launches nothing: the running instance keeps its expiry, and the plan says so.
        var rerun = await run.RunAsync("launch-instance", "--auto-approve", "--ttl", "3h");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("No changes.", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"aws_instance.this[0] ({id}) keeps its tags (it expires at {At(TimeSpan.FromHours(1))})", rerun.Stdout, StringComparison.Ordinal);
        instance = Assert.Single(await run.DestinationEc2().DescribeInstancesAsync([id], CancellationToken.None));
        Assert.Equal(At(TimeSpan.FromHours(1)), instance.Tags[ManagedTags.ExpiresAtKey]);
    }

    [Fact]
    public async Task TeardownExpired_DestroysOnlyWhatExpired_AndTheRoleOnlyOnceItsInstancesAreGone()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld(), time: _clock);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--ttl", "1h")).ExitCode);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--role-name", "no_ttl")).ExitCode);
        var roleArn = $"arn:aws:iam::{run.World.DestinationAccountId}:role/{RoleTarget.DefaultRoleName}";
        var soon = await LaunchAsync(run, roleArn, "--ttl", "1h");
        var later = await LaunchAsync(run, roleArn, "--count", "2", "--ttl", "3d");

        // Two hours on: the first instance and the role have expired; the second instance has not, so the role stays.
        _clock.Advance(TimeSpan.FromHours(2));
        var first = await run.RunAsync("teardown", "--auto-approve", "--expired");
        var ours = $"account[\"{run.World.DestinationAccountId}\"].role[\"assume_role\"]";
        var other = $"account[\"{run.World.DestinationAccountId}\"].role[\"no_ttl\"]";
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 1 to destroy.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains($"- id             = \"{soon}\" -> null", first.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            $"Keeping {ours}.aws_instance.this[1] ({later}): it expires at {At(TimeSpan.FromDays(3))}.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            $"Keeping {ours}.aws_iam_role.assume_role: it expired at {At(TimeSpan.FromHours(1))}, but {later} of its instances have not",
            first.Stdout,
            StringComparison.Ordinal);
        Assert.Contains($"Keeping {other}.aws_iam_role.no_ttl: it has no expiry.", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, soon));
        Assert.Equal("running", await StateOfAsync(run, later));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));

        // Past the second instance's expiry too: it goes, then the role, named with --role-name; the other role stays.
        _clock.Advance(TimeSpan.FromDays(4));
        var second = await run.RunAsync("teardown", "--auto-approve", "--expired", "--role-name", RoleTarget.DefaultRoleName);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("# aws_iam_role.assume_role will be destroyed", second.Stdout, StringComparison.Ordinal);
        Assert.Equal("terminated", await StateOfAsync(run, later));
        Assert.Null(await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync("no_ttl", CancellationToken.None));
        Assert.Equal("no_ttl", Assert.Single(AssumeRoleCli.State.StateFile.Read(run.StatePath).Roles).Name);
    }

    private static async Task<string> LaunchAsync(CommandRunner run, string roleArn, params string[] options)
    {
        var launched = await run.RunAsync(["launch-instance", "--auto-approve", "--role-arn", roleArn, "--output", "json", .. options]);
        Assert.True(launched.ExitCode == 0, launched.ToString());
        return JsonDocument.Parse(launched.Stdout).RootElement.GetProperty("launched").EnumerateArray().Single().GetString()!;
    }

    private static async Task<string?> RoleTagAsync(CommandRunner run) =>
        (await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None))!.Tags.GetValueOrDefault(ManagedTags.ExpiresAtKey);

    private static async Task<(JsonElement Role, JsonElement Instance)> StatusJsonAsync(CommandRunner run)
    {
        var status = await run.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var root = JsonDocument.Parse(status.Stdout).RootElement;
        return (root.GetProperty("roles").EnumerateArray().Single(), root.GetProperty("instances").EnumerateArray().Single());
    }

    private static async Task<string> StateOfAsync(CommandRunner run, string instanceId) =>
        Assert.Single(await run.DestinationEc2().DescribeInstancesAsync([instanceId], CancellationToken.None)).State;
}
