using AssumeRoleCli.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// The progress voice as lines, in the same words the console gets (through the real renderer). Its timers run on
/// the given fake time (by default one that never moves), so "Still creating..." lines come exactly when a test
/// lets time pass.
/// </summary>
internal sealed class RecordingProgress : IApplyProgress
{
    private readonly StringWriter _text = new();
    private readonly AssumeRoleCli.Cli.TerraformProgress _voice;

    public RecordingProgress(TimeProvider? time = null)
    {
        _voice = new AssumeRoleCli.Cli.TerraformProgress(_text, time ?? new FakeTimeProvider());
    }

    public IReadOnlyList<string> Lines => _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public List<string> Notes { get; } = [];

    public Task StartingAsync(string address, ChangeAction action, string? id = null) => _voice.StartingAsync(address, action, id);

    public Task CompletedAsync(string address, ChangeAction action, string? id = null) => _voice.CompletedAsync(address, action, id);

    public Task AccountsAsync(FanOutCounts counts) => _voice.AccountsAsync(counts);

    public Task WaitingAsync(string subject, string note)
    {
        Notes.Add(note);
        return _voice.WaitingAsync(subject, note);
    }

    public Task RefreshingAsync(string address, string? id = null) => _voice.RefreshingAsync(address, id);

    public Task StoppedAsync(string addressOrSubject) => _voice.StoppedAsync(addressOrSubject);

    public Task NoteAsync(string message)
    {
        Notes.Add(message);
        return _voice.NoteAsync(message);
    }
}
