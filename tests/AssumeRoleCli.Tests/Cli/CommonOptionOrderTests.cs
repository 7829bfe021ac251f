using System.CommandLine;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class CommonOptionOrderTests
{
    private static readonly RootCommand Root = new()
    {
        new Command("teardown") { new Option<string>("--region"), new Option<string>("--output", "-o"), new Option<string>("--state") },
        new Command("version"),
    };

    [Theory]
    [InlineData("--region us-east-2 teardown", "teardown --region us-east-2")]
    [InlineData("--region=us-east-2 -o json teardown --keep-role", "teardown --region=us-east-2 -o json --keep-role")]
    [InlineData("--verbose --state s.json teardown", "--verbose teardown --state s.json")]
    [InlineData("teardown --region us-east-2", "teardown --region us-east-2")]
    public void CommonOptionsBeforeTheCommand_MoveRightAfterIt(string given, string expected) =>
        Assert.Equal(expected.Split(' '), CommonOptionOrder.Normalize(given.Split(' '), Root));

    [Theory]
    [InlineData("--region us-east-2 version")]
    [InlineData("[suggest:5] --region")]
    public void ACommandWithoutThoseOptions_OrADirective_IsLeftAsItIs(string given) =>
        Assert.Equal(given.Split(' '), CommonOptionOrder.Normalize(given.Split(' '), Root));
}
