using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

public class HelpTopicsTests
{
    [Fact]
    public void EveryCommand_HasAParagraphAndTwoOrThreeExamplesOfItself()
    {
        var root = new CommandLine(new CliServices(
            new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), false),
            AssumeRoleCli.Aws.Credentials.AwsEnvironment.ForDirectory("credentials"),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero)).Root;

        Assert.NotEmpty(root.Subcommands);
        Assert.All(root.Subcommands, command =>
        {
            var topic = HelpTopics.For(command.Name);
            Assert.True(topic is not null, $"'{command.Name}' has no help topic in Cli/HelpTopics.cs");
            Assert.True(topic.Paragraph.Length > 60, command.Name);
            Assert.InRange(topic.Examples.Count, 2, 3);
            Assert.All(topic.Examples, e => Assert.Contains(command.Name, e.CommandLine.Replace("--version", "version", StringComparison.Ordinal), StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData(600, "10m")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(5, "5s")]
    public void Durations_FormatInTheSyntaxTheyParse(int seconds, string text)
    {
        Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(Durations.TryParse(text, out var parsed));
        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed);
    }
}
