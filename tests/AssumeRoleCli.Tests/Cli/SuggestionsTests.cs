using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class SuggestionsTests
{
    private static readonly string[] Commands = ["create-role", "launch-instance", "teardown", "help", "version", "completion"];

    [Theory]
    [InlineData("create-rol", "create-role")]
    [InlineData("craete-role", "create-role")]
    [InlineData("teardwon", "teardown")]
    [InlineData("verison", "version")]
    [InlineData("destroy", "teardown")]
    [InlineData("launch", "launch-instance")]
    [InlineData("complet", "completion")]
    public void Nearest_FindsWhatWasMeant(string typed, string meant) => Assert.Equal(meant, Suggestions.Nearest(typed, Commands));

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("x")]
    public void Nearest_SuggestsNothingFarOff(string typed) => Assert.Null(Suggestions.Nearest(typed, Commands));

    [Fact]
    public void Nearest_PicksTheCloserOfTwoOptions() =>
        Assert.Equal("--role-name", Suggestions.Nearest("--role-nam", ["--role-arn", "--role-name", "--region"]));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("abc", "ab", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_CountsEdits(string a, string b, int edits) => Assert.Equal(edits, Suggestions.Distance(a, b));
}
