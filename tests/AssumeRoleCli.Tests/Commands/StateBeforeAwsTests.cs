using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// The state file is opened, locked and validated before the first AWS call, records every role made, and its and the
/// credentials file's permissions are checked: the defects found by reading the code against real use.
/// </summary>
public sealed class StateBeforeAwsTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public StateBeforeAwsTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task AnUnusableStateFile_StopsCreateRole_BeforeAnythingIsCreated()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        var missingDirectory = Path.Combine(run.World.Directory, "no-such-dir", "state.json");
        var corrupt = Path.Combine(run.World.Directory, "corrupt.json");
        File.WriteAllText(corrupt, "{ not json");

        var intoMissing = await run.RunAsync("create-role", "--auto-approve", "--state", missingDirectory);
        var intoCorrupt = await run.RunAsync("create-role", "--auto-approve", "--state", corrupt);
        var intoDirectory = await run.RunAsync("create-role", "--auto-approve", "--state", run.World.Directory);

        Assert.Equal(2, intoMissing.ExitCode);
        Assert.Equal(1, intoCorrupt.ExitCode);
        Assert.Equal(2, intoDirectory.ExitCode);
        Assert.All(new[] { intoMissing, intoCorrupt, intoDirectory }, o => Assert.DoesNotContain("Apply complete", o.Stdout, StringComparison.Ordinal));
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
    }

    [Fact]
    public async Task ASecondRoleName_IsRecordedBesideTheFirst_AndTeardownDestroysBoth()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--role-name", "first")).ExitCode);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve", "--role-name", "second")).ExitCode);
        Assert.Equal(["first", "second"], StateFile.Read(run.StatePath).Roles.Select(r => r.Name));

        var teardown = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync("first", CancellationToken.None));
        Assert.Null(await run.DestinationIam().GetRoleAsync("second", CancellationToken.None));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FilesReadableByOthers_AreWarnedAbout_AndANewStateFileIs0600()
    {
        var world = _sandbox.LeaseWorld();
        var credentials = Path.Combine(world.Directory, "credentials-copy");
        File.Copy(world.CredentialsFile, credentials);
        var configBeside = Path.Combine(world.Directory, "config");
        if (Path.GetFullPath(world.ConfigFile) != configBeside)
        {
            File.Copy(world.ConfigFile, configBeside, overwrite: true);
        }

        var run = new CommandRunner(world, credentials);
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var loose = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(loose.ExitCode == 0, loose.ToString());
        Assert.Contains($"the AWS credentials file {credentials} is readable by other users", loose.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(run.StatePath));

        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(run.StatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var stateLoose = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(stateLoose.ExitCode == 0, stateLoose.ToString());
        Assert.DoesNotContain("credentials file", stateLoose.Stderr, StringComparison.Ordinal);
        Assert.Contains($"state file {run.StatePath} is readable by other users", stateLoose.Stderr, StringComparison.Ordinal);
    }
}
