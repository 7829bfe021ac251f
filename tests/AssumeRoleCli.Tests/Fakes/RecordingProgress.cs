using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>The progress voice as lines, in the same words the console gets (through the real renderer).</summary>
internal sealed class RecordingProgress : IApplyProgress
{
    private readonly StringWriter _text = new();
    private readonly AssumeRoleCli.Cli.TerraformProgress _voice;

    public RecordingProgress()
    {
        _voice = new AssumeRoleCli.Cli.TerraformProgress(_text, TimeProvider.System);
    }

    public IReadOnlyList<string> Lines => _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public List<string> Notes { get; } = [];

    public Task StartingAsync(string address, ChangeAction action, string? id = null) => _voice.StartingAsync(address, action, id);

    public Task StillRunningAsync(string address, ChangeAction action, TimeSpan elapsed) => _voice.StillRunningAsync(address, action, elapsed);

    public Task CompletedAsync(string address, ChangeAction action, string? id = null) => _voice.CompletedAsync(address, action, id);

    public Task NoteAsync(string message)
    {
        Notes.Add(message);
        return _voice.NoteAsync(message);
    }
}
