using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Packaging;

/// <summary>
/// The project's AssumeRoleVersion target (the one home of the version rule; scripts/package.sh asks it too), run by
/// MSBuild in a throwaway git repository holding a copy of the project file: tags and commits made here, not the
/// repository's own history.
/// </summary>
public sealed class VersionFromGitTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("assumerole-version-").FullName;

    public VersionFromGitTests()
    {
        var root = MotoSandbox.FindRepositoryRoot();
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(_repo, file));
        }

        Directory.CreateDirectory(Path.Combine(_repo, "src", "AssumeRoleCli"));
        File.Copy(
            Path.Combine(root, "src", "AssumeRoleCli", "AssumeRoleCli.csproj"),
            Path.Combine(_repo, "src", "AssumeRoleCli", "AssumeRoleCli.csproj"));
    }

    [Fact]
    public async Task NotARepository_IsTheDevVersionWithoutCommit() =>
        Assert.Equal("0.0.0-dev", await VersionAsync());

    [Fact]
    public async Task NoTag_IsAPreReleaseNamingTheCommitCount()
    {
        await GitAsync("init", "-q");
        await CommitAsync();
        await CommitAsync();

        Assert.Equal($"0.0.0-dev.2.g{await HeadAsync()}", await VersionAsync());
    }

    [Fact]
    public async Task TaggedV987_Is987()
    {
        await GitAsync("init", "-q");
        await CommitAsync();
        await GitAsync("tag", "v9.8.7");

        Assert.Equal("9.8.7", await VersionAsync());
    }

    [Fact]
    public async Task CommitsAfterATag_AreAPreReleaseOfTheNextPatch()
    {
        await GitAsync("init", "-q");
        await CommitAsync();
        await GitAsync("tag", "v9.8.7");
        await CommitAsync();
        await GitAsync("tag", "not-a-version");
        await CommitAsync();

        Assert.Equal($"9.8.8-dev.2.g{await HeadAsync()}", await VersionAsync());
    }

    [Fact]
    public async Task APreReleaseTag_IsKept()
    {
        await GitAsync("init", "-q");
        await CommitAsync();
        await GitAsync("tag", "v2.0.0-rc.1");

        Assert.Equal("2.0.0-rc.1", await VersionAsync());
    }

    [Fact]
    public async Task AVersionGivenOnTheCommandLine_Wins()
    {
        await GitAsync("init", "-q");
        await CommitAsync();
        await GitAsync("tag", "v9.8.7");

        Assert.Equal("1.2.3", await VersionAsync("-p:Version=1.2.3"));
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private async Task<string> VersionAsync(params string[] extra)
    {
        var output = await RunAsync("dotnet", ["msbuild", "src/AssumeRoleCli", "-nologo", "-t:AssumeRoleVersion", "-getProperty:Version", .. extra]);
        return output.Trim();
    }

    private Task<string> CommitAsync() =>
        GitAsync("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "change");

    private async Task<string> HeadAsync() => (await RunAsync("git", ["rev-parse", "--short=7", "HEAD"])).Trim();

    private Task<string> GitAsync(params string[] args) => RunAsync("git", args);

    private async Task<string> RunAsync(string program, string[] args)
    {
        // No git configuration of the machine or of a repository above the temporary folder may answer for this one.
        var outcome = await Executable.RunProgramAsync(program, args, _repo, new Dictionary<string, string>
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_repo)!,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
        Assert.True(outcome.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {outcome.ExitCode}: {outcome.Stderr}");
        return outcome.Stdout;
    }
}
