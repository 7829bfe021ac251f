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

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupAndOthersRead = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode PrivateFolder = OwnerOnly | UnixFileMode.UserExecute;
    private const UnixFileMode OpenFolder = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FilesReadableByOthers_AreWarnedAbout_AndANewStateFileIs0600()
    {
        var (run, credentials) = InOpenFolder(_sandbox.LeaseWorld());
        var statePath = Path.Combine(Path.GetDirectoryName(credentials)!, "assumerole.state.json");
        File.SetUnixFileMode(credentials, OwnerOnly | GroupAndOthersRead);

        var loose = await run.RunAsync("create-role", "--auto-approve", "--state", statePath);

        Assert.True(loose.ExitCode == 0, loose.ToString());
        Assert.Contains($"Warning: the AWS credentials file {credentials} is readable by other users", loose.Stderr, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(statePath));

        File.SetUnixFileMode(credentials, OwnerOnly);
        File.SetUnixFileMode(statePath, OwnerOnly | UnixFileMode.GroupRead);
        var stateLoose = await run.RunAsync("teardown", "--auto-approve", "--state", statePath);

        Assert.True(stateLoose.ExitCode == 0, stateLoose.ToString());
        Assert.DoesNotContain("credentials file", stateLoose.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Warning: state file {statePath} is readable by other users", stateLoose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheCredentialsFileWarning_IsGivenOncePerRun_ByEveryCommandThatReadsIt_ButNotInAPrivateFolder()
    {
        var (run, credentials) = InOpenFolder(_sandbox.LeaseWorld());
        File.SetUnixFileMode(credentials, OwnerOnly | GroupAndOthersRead);
        var warning = $"Warning: the AWS credentials file {credentials} is readable by other users";

        // create-role reads the source and the destination profile; status and exec (with an ARN, no state) read the file too.
        var outcomes = new[]
        {
            await run.RunAsync("create-role", "--auto-approve"),
            await run.RunAsync("status"),
            await run.RunAsync("exec", "--role-arn", $"arn:aws:iam::{run.World.DestinationAccountId}:role/assume_role", "--", "true"),
        };

        Assert.All(outcomes, o => Assert.True(o.Stderr.Split(warning).Length == 2, o.ToString()));

        File.SetUnixFileMode(Path.GetDirectoryName(credentials)!, PrivateFolder);
        try
        {
            var inPrivateFolder = await run.RunAsync("status");

            Assert.True(inPrivateFolder.ExitCode == 0, inPrivateFolder.ToString());
            Assert.DoesNotContain("credentials file", inPrivateFolder.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(Path.GetDirectoryName(credentials)!, OpenFolder);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheCredentialsFileWarning_IsNotGiven_ForAFileWithoutASecretKey_SuchAsDevNull()
    {
        var world = _sandbox.LeaseWorld();
        var (run, credentials) = InOpenFolder(world);
        File.WriteAllText(credentials, "[source]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = destination\n");
        File.SetUnixFileMode(credentials, OwnerOnly | GroupAndOthersRead);

        var keyless = await run.RunAsync("status");
        var devNull = await new CommandRunner(world, "/dev/null").RunAsync("status"); // 0666 in /dev, and empty

        Assert.All([keyless, devNull], o => Assert.DoesNotContain("readable by other users", o.Stderr, StringComparison.Ordinal));
        Assert.Contains("profile", devNull.Stderr, StringComparison.Ordinal); // it did read the profiles: none is there
    }

    /// <summary>A runner whose credentials and config files are copies in a folder others may enter (as a home directory often is).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static (CommandRunner Run, string CredentialsFile) InOpenFolder(TwoAccountWorld world)
    {
        var folder = Directory.CreateDirectory(Path.Combine(world.Directory, $"open-{Guid.NewGuid():N}")).FullName;
        File.SetUnixFileMode(folder, OpenFolder);
        var credentials = Path.Combine(folder, "credentials");
        File.Copy(world.CredentialsFile, credentials);
        File.Copy(world.ConfigFile, Path.Combine(folder, "config"));
        var run = new CommandRunner(world, credentials);
        return (run, credentials);
    }
}
