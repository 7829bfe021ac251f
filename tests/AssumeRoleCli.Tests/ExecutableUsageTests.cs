using System.Diagnostics;
using System.Text.RegularExpressions;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>The built executable's command line without AWS: help, version, mistakes, completion.</summary>
public sealed partial class ExecutableUsageTests
{
    [Fact]
    public async Task NoArguments_PrintsTheHelp_AndExits0()
    {
        var outcome = await Executable.RunAsync();

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("Usage:", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("launch-instance", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stderr);
    }

    [Fact]
    public async Task AnUnknownCommand_IsOneLineWithTheNearestCommand_AndExits2()
    {
        var outcome = await Executable.RunAsync("create-rol");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.Equal("Error: 'create-rol' is not an assumerole command. Did you mean 'create-role'?\n", outcome.Stderr);
    }

    [Fact]
    public async Task VersionAndDashDashVersion_SayTheVersionCommitAndPlatform()
    {
        var command = await Executable.RunAsync("version");
        var option = await Executable.RunAsync("--version");

        Assert.Equal(0, command.ExitCode);
        Assert.Matches(VersionLine(), command.Stdout);
        Assert.Equal(command.Stdout, option.Stdout);
    }

    [Fact]
    public async Task WithoutATerminal_NothingWrittenHasAnEscapeSequence()
    {
        var outputs = new List<CommandOutcome>
        {
            await Executable.RunAsync("--help"),
            await Executable.RunAsync("teardown", "--help"),
            await Executable.RunAsync("create-role", "--role-nam", "x"),
        };

        Assert.All(outputs, o => Assert.DoesNotContain('\u001b', o.Stdout + o.Stderr));
    }

    [Fact]
    public async Task TheSuggestDirective_CompletesCommandsAndOptions()
    {
        var commands = await Executable.RunAsync("[suggest:15]", "assumerole tear");
        var options = await Executable.RunAsync("[suggest:31]", "assumerole launch-instance --cou");

        Assert.Equal("teardown", commands.Stdout.Trim());
        Assert.Equal("--count", options.Stdout.Trim());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheBashCompletionScript_CompletesThroughTheExecutable()
    {
        var script = await Executable.RunAsync("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        var directory = Directory.CreateTempSubdirectory("assumerole-completion-").FullName;
        var scriptFile = Path.Combine(directory, "assumerole.bash");
        File.WriteAllText(scriptFile, script.Stdout);

        var commands = await CompleteWithBashAsync(scriptFile, "assumerole launch");
        var options = await CompleteWithBashAsync(scriptFile, "assumerole teardown --keep");
        Directory.Delete(directory, recursive: true);

        Assert.Equal(["launch-instance"], commands);
        Assert.Equal(["--keep-role"], options);
    }

    /// <summary>What bash offers for <paramref name="line"/> (cursor at its end), as complete -F would ask.</summary>
    private static async Task<string[]> CompleteWithBashAsync(string scriptFile, string line)
    {
        var words = line.Split(' ');
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = Path.GetDirectoryName(Executable.Path) + ":" + Environment.GetEnvironmentVariable("PATH");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            $"source '{scriptFile}'; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}; " +
            $"COMP_LINE='{line}'; COMP_POINT={line.Length}; _assumerole_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"\Aassumerole \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{7}|unknown), [a-z]+-[a-z0-9]+\)\n\z")]
    private static partial Regex VersionLine();
}
