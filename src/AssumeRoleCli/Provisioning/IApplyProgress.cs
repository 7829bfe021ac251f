namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one voice of a command while it works, like Terraform's UiHook: each resource's apply starts and completes,
/// and while it runs the voice itself says "Still creating... [10s elapsed]" on a timer, so a slow AWS call or a
/// retry is never silent. Anything else worth saying is a note. Implemented once, in Cli/.
/// </summary>
public interface IApplyProgress
{
    /// <summary>"aws_iam_role.x: Creating..." (or Modifying / Destroying); starts the resource's 10 s timer.</summary>
    Task StartingAsync(string address, ChangeAction action, string? id = null);

    /// <summary>
    /// "aws_instance.this[0]: Creation complete after 3s [id=i-...]", the time measured from
    /// <see cref="StartingAsync"/>; stops the timer.
    /// </summary>
    Task CompletedAsync(string address, ChangeAction action, string? id = null);

    /// <summary>
    /// Says <paramref name="note"/> and then, every 10 s until <see cref="StoppedAsync"/>, "Still waiting for
    /// <paramref name="subject"/>... [Ns elapsed]": for waits that belong to no resource (a new role propagating).
    /// </summary>
    Task WaitingAsync(string subject, string note);

    /// <summary>
    /// Stops the timer of a resource (or a wait) that ended without completing — it failed, or was found already gone.
    /// Harmless after <see cref="CompletedAsync"/>, so callers may call it in a <c>finally</c>.
    /// </summary>
    Task StoppedAsync(string addressOrSubject);

    /// <summary>
    /// A read the plan waits on (Terraform's refresh), until <see cref="StoppedAsync"/>: nothing while it is quick;
    /// still running after a moment, "aws_iam_role.x: Refreshing state... [id=…]", then "Still refreshing..." every 10 s.
    /// </summary>
    Task RefreshingAsync(string address, string? id = null);

    /// <summary>Anything else worth a line on stderr: a retry, a fallback, a note about what was found.</summary>
    Task NoteAsync(string message);

    /// <summary>"Accounts: 3 of 20 done (1 failed), 17 pending.": how far a command working in many accounts has got.</summary>
    Task AccountsAsync(FanOutCounts counts);
}
