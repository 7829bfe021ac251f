using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class ConfirmationTests
{
    private static (Terminal Terminal, StringWriter Error) TerminalWith(string input, bool interactive = true)
    {
        var error = new StringWriter();
        return (new Terminal(new StringWriter(), error, new StringReader(input), interactive), error);
    }

    [Fact]
    public async Task Yes_Proceeds_AndTheQuestionGoesToStderr()
    {
        var (terminal, error) = TerminalWith("yes\n");

        await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, autoApprove: false, CancellationToken.None);

        Assert.Contains("Only 'yes' will be accepted:", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no\n")]
    [InlineData("y\n")]
    [InlineData("YES\n")]
    public async Task AnythingButYes_IsRefused(string answer)
    {
        var (terminal, _) = TerminalWith(answer);

        var refusal = await Assert.ThrowsAsync<CliException>(() => Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, false, CancellationToken.None));

        Assert.Equal(ExitCodes.Failure, refusal.ExitCode);
        Assert.Contains("nothing was changed", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndOfInput_WithoutATerminal_IsRefused()
    {
        var (terminal, _) = TerminalWith("", interactive: false);

        var refusal = await Assert.ThrowsAsync<CliException>(() => Confirmation.RequireAsync(terminal, Confirmation.DestroyQuestion, false, CancellationToken.None));

        Assert.Contains("stdin is not a terminal", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoApprove_AsksNothing()
    {
        var (terminal, error) = TerminalWith("");

        await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, autoApprove: true, CancellationToken.None);

        Assert.Equal("", error.ToString());
    }
}
