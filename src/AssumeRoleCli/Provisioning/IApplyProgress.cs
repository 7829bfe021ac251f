namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one voice of a command while it works, like Terraform's UiHook: each resource's apply starts, may still be
/// running, and completes; anything else worth saying is a note. Implemented once, in Cli/.
/// </summary>
public interface IApplyProgress
{
    /// <summary>"aws_iam_role.x: Creating..." (or Modifying / Destroying).</summary>
    Task StartingAsync(string address, ChangeAction action, string? id = null);

    /// <summary>"aws_instance.this[0]: Still creating... [10s elapsed]".</summary>
    Task StillRunningAsync(string address, ChangeAction action, TimeSpan elapsed);

    /// <summary>"aws_instance.this[0]: Creation complete after 3s [id=i-...]"; the elapsed time is measured from <see cref="StartingAsync"/>.</summary>
    Task CompletedAsync(string address, ChangeAction action, string? id = null);

    /// <summary>Anything else worth a line on stderr: a retry, a fallback, a note about what was found.</summary>
    Task NoteAsync(string message);
}
