using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>
/// The executable with a standard output that cannot be written: closed (<c>&gt;&amp;-</c>) or full (<c>&gt;/dev/full</c>).
/// That is the user's environment, not a bug: one plain line on stderr, a non-zero exit.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ExecutableStdoutTests
{
    private const string Closed = ">&-";
    private const string Full = ">/dev/full";

    private readonly MotoSandbox _sandbox;

    public ExecutableStdoutTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public static TheoryData<string, string> Redirections() => new()
    {
        { Closed, "Bad file descriptor" },
        { Full, "No space left on device" },
    };

    [Theory]
    [MemberData(nameof(Redirections))]
    public async Task TheHelpPage_ToAStdoutThatCannotBeWritten_IsOnePlainLine(string redirect, string cause)
    {
        var outcome = await RunAsync(redirect, Path.GetTempPath(), new Dictionary<string, string>(), "--help");

        AssertOnePlainLine(outcome, cause);
    }

    [Theory]
    [MemberData(nameof(Redirections))]
    public async Task Status_ToAStdoutThatCannotBeWritten_IsOnePlainLine(string redirect, string cause)
    {
        var world = _sandbox.LeaseWorld();

        var outcome = await RunAsync(redirect, world.Directory, Profiles(world), "status");

        AssertOnePlainLine(outcome, cause);
    }

    [Theory]
    [MemberData(nameof(Redirections))]
    public async Task ADryRun_ToAStdoutThatCannotBeWritten_IsOnePlainLine_AndChangesNothing(string redirect, string cause)
    {
        var world = _sandbox.LeaseWorld();

        var outcome = await RunAsync(redirect, world.Directory, Profiles(world), "create-role", "--dry-run");

        AssertOnePlainLine(outcome, cause);
        Assert.False(File.Exists(Path.Combine(world.Directory, "assumerole.state.json")));
    }

    private static void AssertOnePlainLine(CommandOutcome outcome, string cause)
    {
        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        var error = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Equal($"Error: Could not write to standard output ({cause}).", error);
        Assert.DoesNotContain("a bug", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outcome.Stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Profiles(TwoAccountWorld world) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
        ["AWS_CONFIG_FILE"] = world.ConfigFile,
        ["AWS_ENDPOINT_URL"] = world.EndpointUrl,
    };

    /// <summary>The executable started by sh with its stdout redirected by <paramref name="redirect"/>; stderr captured.</summary>
    private static Task<CommandOutcome> RunAsync(string redirect, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Executable.RunProgramAsync("/bin/sh", ["-c", $"exec \"$0\" \"$@\" {redirect}", Executable.Path, .. args], workingDirectory, environment);
}
