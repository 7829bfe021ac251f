using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>
/// The built executable on a pseudo-terminal, as a person at a terminal sees it: the approval question, Ctrl-C,
/// colour, and no terminal mode left behind.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecutableTerminalTests : IClassFixture<MotoSandbox>
{
    private const string CtrlC = "\u0003";
    private readonly MotoSandbox _sandbox;

    public ExecutableTerminalTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    private static Dictionary<string, string> Environment(TwoAccountWorld world) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
        ["AWS_CONFIG_FILE"] = world.ConfigFile,
        ["AWS_ENDPOINT_URL"] = world.EndpointUrl,

        // A terminal type with a keypad_xmit capability: .NET's console initialisation would write it.
        ["TERM"] = "xterm-256color",
    };

    [Fact]
    public async Task CtrlCAtTheApprovalQuestion_Exits130AtOnce_AndChangesNothing()
    {
        var world = _sandbox.LeaseWorld();

        var (exitCode, transcript) = await PseudoTerminal.RunAsync(
            Executable.Path, ["create-role"], world.Directory, Environment(world), typeWhen: "Only 'yes' will be accepted:", keys: CtrlC);

        // Without a cancellable read the program would wait for Enter until the driver killed it (137).
        Assert.True(exitCode == 130, transcript);
        Assert.Contains("Interrupted: nothing was changed.", transcript, StringComparison.Ordinal);
        Assert.Null(await new CommandRunner(world).DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(world.Directory, "assumerole.state.json")));

        // On a terminal the plan is coloured, and no terminal mode (keypad_xmit: ESC[?1h ESC=) is switched on.
        Assert.Contains("\u001b[32m+\u001b[0m resource \"aws_iam_role\"", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[?1h", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b=", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoColor_NotOneEscapeSequenceIsWritten_EvenOnATerminal()
    {
        var world = _sandbox.LeaseWorld();
        var environment = Environment(world);
        environment["NO_COLOR"] = "1";

        var (exitCode, transcript) = await PseudoTerminal.RunAsync(
            Executable.Path, ["create-role", "--verbose"], world.Directory, environment, typeWhen: "Only 'yes' will be accepted:", keys: CtrlC);

        Assert.True(exitCode == 130, transcript);
        Assert.Contains("+ resource \"aws_iam_role\"", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', transcript);
    }
}
