namespace AssumeRoleCli.Provisioning;

/// <summary>
/// One account's view of the progress voice in a fan-out: every resource address (and wait) it names is prefixed by
/// the account's module (<c>account["123456789012"].aws_iam_role.assume_role: Creating...</c>), and its notes by the
/// account, so lines of 20 accounts running at once stay readable. The code that plans and applies one account is
/// unchanged: it names its resources as it always does.
/// </summary>
public sealed class ModuleProgress : IApplyProgress
{
    private readonly IApplyProgress _inner;
    private readonly string _module;

    public ModuleProgress(IApplyProgress inner, string module)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _module = module;
    }

    public Task StartingAsync(string address, ChangeAction action, string? id = null) => _inner.StartingAsync(In(address), action, id);

    public Task CompletedAsync(string address, ChangeAction action, string? id = null) => _inner.CompletedAsync(In(address), action, id);

    public Task WaitingAsync(string subject, string note) => _inner.WaitingAsync(In(subject), $"{_module}: {note}");

    public Task StoppedAsync(string addressOrSubject) => _inner.StoppedAsync(In(addressOrSubject));

    public Task RefreshingAsync(string address, string? id = null) => _inner.RefreshingAsync(In(address), id);

    public Task NoteAsync(string message) => _inner.NoteAsync($"{_module}: {message}");

    public Task AccountsAsync(FanOutCounts counts) => _inner.AccountsAsync(counts);

    // An address already in this account's module (teardown addresses every role among all accounts') stays as it is.
    private string In(string address) => ResourceModule.Within(_module, address);
}
