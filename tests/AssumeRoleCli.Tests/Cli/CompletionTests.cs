using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>
/// Tab completion as the shell scripts ask for it (the [suggest:N] directive): values in the spelling the options
/// accept, the profiles of the AWS files, AWS's regions, and no help spelling that is not the tool's style.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-completion-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public CompletionTests()
    {
        File.WriteAllText(Path.Combine(_directory, "credentials"), "[source]\naws_access_key_id = AKIASOURCE\naws_secret_access_key = s\n[destination]\naws_access_key_id = AKIADEST\naws_secret_access_key = d\n");
        File.WriteAllText(Path.Combine(_directory, "config"), "[profile source]\nregion = us-east-1\n[profile team-admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\n");
    }

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<IReadOnlyList<string>> CompleteAsync(string line)
    {
        _stdout.GetStringBuilder().Clear();
        var services = new CliServices(
            new Terminal(_stdout, _stderr, new StringReader(""), inputIsInteractive: false),
            AwsEnvironment.ForDirectory(Path.Combine(_directory, "credentials")),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero);
        var exit = await CliApp.RunAsync([$"[suggest:{line.Length}]", line], services);
        Assert.True(exit == 0, _stderr.ToString());
        return _stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [InlineData("assumerole credentials --format ", new[] { "env", "json", "process" })]
    [InlineData("assumerole create-role --output ", new[] { "json", "text" })]
    [InlineData("assumerole teardown -o ", new[] { "json", "text" })]
    [InlineData("assumerole create-role --scope ", new[] { "ec2-full-access", "managed-instances" })]
    public async Task AnOptionWithFixedValues_OffersThemAsItAcceptsThem(string line, string[] expected)
    {
        Assert.Equal(expected, await CompleteAsync(line));
    }

    [Theory]
    [InlineData("assumerole create-role --source-profile ")]
    [InlineData("assumerole create-role --destination-profile ")]
    [InlineData("assumerole launch-instance --source-profile ")]
    [InlineData("assumerole teardown --destination-profile ")]
    [InlineData("assumerole status --source-profile ")]
    [InlineData("assumerole exec --source-profile ")]
    [InlineData("assumerole credentials --source-profile ")]
    public async Task EveryProfileOption_OffersTheProfilesOfTheAwsFiles(string line)
    {
        Assert.Equal(["destination", "source", "team-admin"], await CompleteAsync(line));
    }

    [Fact]
    public async Task Region_OffersAwsRegions()
    {
        var regions = await CompleteAsync("assumerole launch-instance --region eu-w");

        Assert.Contains("eu-west-1", regions);
        Assert.All(regions, r => Assert.StartsWith("eu-w", r, StringComparison.Ordinal));
        Assert.Contains("us-east-1", await CompleteAsync("assumerole status --region "));
    }

    [Fact]
    public async Task TheHelpSpellingsThatAreNotTheToolsStyle_AreNotOffered()
    {
        var top = await CompleteAsync("assumerole ");

        Assert.Contains("--help", top);
        Assert.Contains("-h", top);
        Assert.Contains("create-role", top);
        Assert.DoesNotContain("-?", top);
        Assert.DoesNotContain("/?", top);
        Assert.DoesNotContain("/h", top);
    }

    [Fact]
    public async Task Help_ShowsDefaultsInTheSpellingTheOptionAccepts()
    {
        Assert.Equal(0, await CliApp.RunAsync(["credentials", "--help"], new CliServices(
            new Terminal(_stdout, _stderr, new StringReader(""), inputIsInteractive: false),
            AwsEnvironment.ForDirectory(Path.Combine(_directory, "credentials")),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero)));

        Assert.Contains("--format <process|json|env>", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("[default: process]", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Process", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerShell_GetsAScriptAskingTheSuggestDirective()
    {
        var script = await CompleteOrRunAsync("completion", "powershell");

        Assert.Contains("Register-ArgumentCompleter -Native -CommandName assumerole", script, StringComparison.Ordinal);
        Assert.Contains("\"[suggest:$($line.Length)]\" \"$line\"", script, StringComparison.Ordinal);
        Assert.Contains("powershell", await CompleteAsync("assumerole completion "));
    }

    private async Task<string> CompleteOrRunAsync(params string[] args)
    {
        var exit = await CliApp.RunAsync(args, new CliServices(
            new Terminal(_stdout, _stderr, new StringReader(""), inputIsInteractive: false),
            AwsEnvironment.ForDirectory(Path.Combine(_directory, "credentials")),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero));
        Assert.True(exit == 0, _stderr.ToString());
        return _stdout.ToString();
    }
}
