using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

public class CliServicesTests
{
    [Fact]
    public async Task Quiet_SilencesTheProgressVoice_AndNothingElse()
    {
        var error = new StringWriter();
        var services = new CliServices(
            new Terminal(new StringWriter(), error, new StringReader(""), false),
            AwsEnvironment.ForDirectory("credentials"),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero);
        var quiet = (services with { Quiet = true }).NewProgress();

        await quiet.StartingAsync("aws_instance.this[0]", ChangeAction.Create);
        await quiet.NoteAsync("IAM is still propagating");
        Assert.Equal("", error.ToString());
        await services.NewProgress().StartingAsync("aws_instance.this[0]", ChangeAction.Create);
        Assert.Equal("aws_instance.this[0]: Creating..." + Environment.NewLine, error.ToString());
    }

    [Theory]
    [InlineData("--quiet teardown", true, true)]
    [InlineData("teardown -q --no-color", true, false)]
    [InlineData("launch-instance --no-color", false, false)]
    [InlineData("launch-instance", false, true)]
    public void GlobalOptions_AnywhereOnTheLine_ShapeTheServicesTheCommandsGet(string line, bool quiet, bool coloured)
    {
        var services = new CliServices(
            new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), true, Palette.Ansi, Palette.Ansi),
            AwsEnvironment.ForDirectory("credentials"),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero);
        var commandLine = new CommandLine(services);

        var applied = commandLine.Globals.Apply(commandLine.Root.Parse(line.Split(' ')), services);

        Assert.Equal(quiet, applied.Quiet);
        Assert.Equal(coloured, applied.Terminal.OutPalette.Enabled);
        Assert.Equal(coloured, applied.Terminal.ErrorPalette.Enabled);
    }
}
