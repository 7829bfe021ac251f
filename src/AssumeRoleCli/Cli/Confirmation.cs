namespace AssumeRoleCli.Cli;

/// <summary>Terraform's approval: only the exact word "yes" proceeds.</summary>
public static class Confirmation
{
    public const string ApplyQuestion = "Do you want to perform these actions? Only 'yes' will be accepted:";
    public const string DestroyQuestion = "Do you really want to destroy all resources? Only 'yes' will be accepted:";

    /// <summary>
    /// Asks <paramref name="question"/> unless <paramref name="autoApprove"/>; throws when the answer is not "yes"
    /// (EOF and a missing terminal count as no), so the caller changes nothing. Cancelling <paramref name="ct"/>
    /// (Ctrl-C) abandons the question at once with <see cref="ApprovalInterruptedException"/>.
    /// </summary>
    public static async Task RequireAsync(Terminal terminal, string question, bool autoApprove, CancellationToken ct)
    {
        if (autoApprove)
        {
            terminal.Approve();
            return;
        }

        // Without a terminal nobody reads the question; a refusal says what to pass instead.
        if (terminal.InputIsInteractive)
        {
            await terminal.Error.WriteAsync(question + " ");
            await terminal.Error.FlushAsync(ct);
        }

        string? answer;
        try
        {
            answer = await terminal.ReadLineAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The terminal echoed ^C on the question's line; end it there.
            await terminal.Error.WriteLineAsync();
            throw new ApprovalInterruptedException(ct);
        }

        if (answer is null)
        {
            if (terminal.InputIsInteractive)
            {
                await terminal.Error.WriteLineAsync();
            }

            var why = terminal.InputIsInteractive ? "no answer was given" : "stdin is not a terminal";
            throw new CliException($"Not approved: {why}; nothing was changed. Pass --auto-approve to run without a prompt.");
        }

        if (!string.Equals(answer.Trim(), "yes", StringComparison.Ordinal))
        {
            throw new CliException("Not approved: only 'yes' is accepted; nothing was changed.");
        }

        terminal.Approve();
    }
}

/// <summary>Ctrl-C while the approval question waited: nothing was changed.</summary>
public sealed class ApprovalInterruptedException : OperationCanceledException
{
    public ApprovalInterruptedException(CancellationToken token)
        : base("Interrupted at the approval question; nothing was changed.", token)
    {
    }
}
