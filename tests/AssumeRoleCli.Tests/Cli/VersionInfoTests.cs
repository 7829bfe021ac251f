using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class VersionInfoTests
{
    [Theory]
    [InlineData("1.2.3+abc1234def5678abc1234def5678abc1234def5", "assumerole 1.2.3 (commit abc1234, linux-x64)")]
    [InlineData("1.2.3+abc1234", "assumerole 1.2.3 (commit abc1234, linux-x64)")]
    [InlineData("1.2.3", "assumerole 1.2.3 (commit unknown, linux-x64)")]
    [InlineData(null, "assumerole unknown (commit unknown, linux-x64)")]
    public void Describe_SaysVersionCommitAndPlatform(string? informational, string line) =>
        Assert.Equal(line, VersionInfo.Describe(informational, "linux-x64"));

    [Fact]
    public void TheBuiltAssembly_KnowsItsCommit() =>
        Assert.Matches(@"\Aassumerole \S+ \(commit [0-9a-f]{7}, \S+\)\z", VersionInfo.Line);
}
