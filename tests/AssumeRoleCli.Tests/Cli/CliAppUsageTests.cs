using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>The command line as a newcomer from Terraform or the AWS CLI tries it: mistakes, help, version.</summary>
public sealed class CliAppUsageTests
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    private Task<int> RunAsync(params string[] args) => RunAsync(Palette.Plain, args);

    private Task<int> RunAsync(Palette errorPalette, params string[] args) => CliApp.RunAsync(args, new CliServices(
        new Terminal(_stdout, _stderr, new StringReader(""), inputIsInteractive: false, errorPalette: errorPalette),
        AwsEnvironment.ForDirectory(Path.Combine(Path.GetTempPath(), "assumerole-no-such-dir", "credentials")),
        new FakeClientFactory(),
        TimeProvider.System,
        TimeSpan.Zero));

    [Fact]
    public async Task NoArguments_PrintTheHelp_AndExit0()
    {
        Assert.Equal(0, await RunAsync());

        Assert.StartsWith("Usage:\n  assumerole <command> [options]", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _stderr.ToString());
    }

    [Theory]
    [InlineData("create-rol", "create-role")]
    [InlineData("teardwn", "teardown")]
    [InlineData("destroy", "teardown")]
    [InlineData("launch", "launch-instance")]
    public async Task AnUnknownCommand_SuggestsTheNearest_AndExits2(string typed, string meant)
    {
        Assert.Equal(2, await RunAsync(typed));

        Assert.Equal($"Error: '{typed}' is not an assumerole command. Did you mean '{meant}'?\n", _stderr.ToString());
        Assert.Equal("", _stdout.ToString());
    }

    [Fact]
    public async Task AnUnknownCommandWithNothingNear_ListsTheCommands()
    {
        Assert.Equal(2, await RunAsync("plan"));

        Assert.Contains("'plan' is not an assumerole command. The commands are: create-role, launch-instance, teardown, status, exec, credentials, console, help, version, completion.", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create-role", "--role-nam", "--role-name")]
    [InlineData("launch-instance", "--cout", "--count")]
    [InlineData("teardown", "--keep-rol", "--keep-role")]
    [InlineData("teardown", "--verbos", "--verbose")]
    public async Task AnUnknownOption_SuggestsTheNearest_AndExits2(string command, string typed, string meant)
    {
        Assert.Equal(2, await RunAsync(command, typed, "x"));

        Assert.Equal($"Error: '{typed}' is not an option of {command}. Did you mean '{meant}'?\n", _stderr.ToString());
    }

    [Fact]
    public async Task HelpCommand_AndHelpOption_ShowTheSamePage()
    {
        Assert.Equal(0, await RunAsync("help", "teardown"));
        var viaCommand = _stdout.ToString();
        _stdout.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("teardown", "--help"));

        Assert.Equal(viaCommand, _stdout.ToString());
        Assert.StartsWith("Usage:\n  assumerole teardown [options]", viaCommand, StringComparison.Ordinal);
        Assert.Contains("Examples:", viaCommand, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpForAnUnknownCommand_SuggestsTheNearest_AndExits2()
    {
        Assert.Equal(2, await RunAsync("help", "lauch-instance"));

        Assert.Equal("Error: 'lauch-instance' is not an assumerole command. Did you mean 'launch-instance'?\n", _stderr.ToString());
    }

    [Theory]
    [InlineData("launch-instance")]
    [InlineData("teardown")]
    public async Task Help_ShowsDefaultsInTheSyntaxTheOptionAccepts(string command)
    {
        Assert.Equal(0, await RunAsync(command, "--help"));

        Assert.Contains("[default: 10m]", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("00:10:00", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("teardown")]
    public async Task Help_ShowsARepeatableOptionsDefault_AsItsValues(string command)
    {
        Assert.Equal(0, await RunAsync(command, "--help"));

        Assert.Contains("[default: destination]", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.String[]", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_AndDashDashVersion_PrintTheSameLine()
    {
        Assert.Equal(0, await RunAsync("version"));
        Assert.Equal(0, await RunAsync("--version"));

        var lines = _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(lines[0], lines[1]);
        Assert.StartsWith("assumerole ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommonOptionsBeforeTheCommand_AreTheCommandsOwn()
    {
        // --region is create-role's own option: its rule applies even when given before the command name.
        Assert.Equal(2, await RunAsync("--region", "mars-1", "create-role"));

        Assert.StartsWith("Error: --region 'mars-1' is not an AWS region name", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_ForAnUnknownShell_IsAUsageError()
    {
        Assert.Equal(2, await RunAsync("completion", "tcsh"));

        Assert.Contains("'tcsh' is not a shell assumerole completes; use one of: bash, zsh, fish, powershell.", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_Bash_IsAScriptAskingTheSuggestDirective()
    {
        Assert.Equal(0, await RunAsync("completion", "bash"));

        Assert.Contains("\"[suggest:${#line}]\"", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _assumerole_complete assumerole", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheErrorWord_IsColouredOnlyWhenStderrMayBe_AndNeverWithNoColor()
    {
        Assert.Equal(2, await RunAsync(Palette.Ansi, "create-rol"));
        var coloured = _stderr.ToString();
        _stderr.GetStringBuilder().Clear();
        Assert.Equal(2, await RunAsync(Palette.Ansi, "--no-color", "create-rol"));

        Assert.StartsWith("\u001b[1;31mError:\u001b[0m 'create-rol'", coloured, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', _stderr.ToString());
    }

    [Fact]
    public async Task AValueOfTheWrongKind_IsSaidInWords_NotAsADotNetType()
    {
        Assert.Equal(2, await RunAsync("launch-instance", "--count", "two"));

        Assert.StartsWith("Error: --count 'two' is not a whole number.", _stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandsOptionWithoutACommand_SaysToNameOne()
    {
        Assert.Equal(2, await RunAsync("-o", "json"));

        Assert.Equal("Error: '-o' is an option of a command: name one, e.g. 'assumerole create-role -o ...'.\n", _stderr.ToString());
    }

    [Fact]
    public async Task ACommandWithoutItsArgument_NamesTheArgument()
    {
        Assert.Equal(2, await RunAsync("exec"));

        Assert.Equal("Error: assumerole exec needs its <command> argument (see 'assumerole exec --help').\n", _stderr.ToString());
    }

    [Theory]
    [InlineData("--dry-run", "launch-instance")]
    [InlineData("--auto-approve", "teardown")]
    public async Task ACommandsOwnOption_TypedBeforeIt_SaysWhereItGoes(string option, string command)
    {
        Assert.Equal(2, await RunAsync(option, command));

        Assert.Equal($"Error: '{option}' is an option of {command}: put it after the command, 'assumerole {command} {option} ...'.\n", _stderr.ToString());
    }

    [Theory]
    [InlineData("create-role")]
    [InlineData("teardown")]
    [InlineData("status")]
    public async Task TheAwsCliProfileOption_WhereTwoProfilesAreUsed_AsksWhichOne(string command)
    {
        Assert.Equal(2, await RunAsync(command, "--profile", "dev"));

        Assert.StartsWith(
            $"Error: '--profile' is not an option of {command}, which uses two profiles: did you mean '--source-profile' (whose account assumes the role) or '--destination-profile' (the account that owns the role)?",
            _stderr.ToString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("launch-instance")]
    [InlineData("exec")]
    [InlineData("credentials")]
    [InlineData("console")]
    public async Task TheAwsCliProfileOption_WhereOnlyTheSourceIsUsed_IsTheSourceProfile(string command)
    {
        Assert.Equal(0, await RunAsync(command, "--help"));

        Assert.Contains("--source-profile, --profile <profile>", _stdout.ToString(), StringComparison.Ordinal);
    }
}
