using System.Collections.Concurrent;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>The one progress voice, in Terraform's words, on stderr; measures each resource from start to completion.</summary>
public sealed class TerraformProgress : IApplyProgress
{
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);

    public TerraformProgress(TextWriter error, TimeProvider time)
    {
        _error = error;
        _time = time;
    }

    public Task StartingAsync(string address, ChangeAction action, string? id = null)
    {
        _started[address] = _time.GetTimestamp();
        var verb = action switch
        {
            ChangeAction.Create => "Creating...",
            ChangeAction.Update => "Modifying...",
            _ => "Destroying...",
        };
        return _error.WriteLineAsync($"{address}: {verb}{Id(id)}");
    }

    public Task StillRunningAsync(string address, ChangeAction action, TimeSpan elapsed)
    {
        var verb = action switch
        {
            ChangeAction.Create => "creating",
            ChangeAction.Update => "modifying",
            _ => "destroying",
        };
        return _error.WriteLineAsync($"{address}: Still {verb}... [{(int)elapsed.TotalSeconds}s elapsed]");
    }

    public Task CompletedAsync(string address, ChangeAction action, string? id = null)
    {
        var seconds = _started.TryRemove(address, out var started) ? (int)_time.GetElapsedTime(started).TotalSeconds : 0;
        var noun = action switch
        {
            ChangeAction.Create => "Creation",
            ChangeAction.Update => "Modifications",
            _ => "Destruction",
        };
        return _error.WriteLineAsync($"{address}: {noun} complete after {seconds}s{Id(id)}");
    }

    public Task NoteAsync(string message) => _error.WriteLineAsync(message);

    private static string Id(string? id) => id is null ? "" : $" [id={id}]";
}
