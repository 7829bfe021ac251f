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

    [Fact]
    public async Task WithoutATerminal_TheQuestionIsNotPrinted_ButAPipedYesStillProceeds()
    {
        var (terminal, error) = TerminalWith("yes\n", interactive: false);

        await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, autoApprove: false, CancellationToken.None);

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task CtrlC_WhileWaitingForAnAnswer_AbandonsTheQuestionAtOnce()
    {
        var error = new StringWriter();
        var terminal = new Terminal(new StringWriter(), error, new NeverAnswering(), inputIsInteractive: true);
        using var interrupt = new CancellationTokenSource();

        var asking = Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, autoApprove: false, interrupt.Token);
        await Task.Delay(50);
        Assert.False(asking.IsCompleted);
        await interrupt.CancelAsync();

        var interrupted = await Assert.ThrowsAsync<ApprovalInterruptedException>(() => asking.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(interrupt.Token, interrupted.CancellationToken);
        Assert.EndsWith(Confirmation.ApplyQuestion + " " + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A reader like a terminal nobody types at, which (like a blocking read) ignores cancellation.</summary>
    private sealed class NeverAnswering : TextReader
    {
        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            new(new TaskCompletionSource<string?>().Task);
    }
}
