using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// The one progress voice, in Terraform's words, on stderr. Like Terraform's UiHook it gives every running resource
/// (and every wait) its own timer that says "Still creating... [10s elapsed]" every 10 s, whatever the work is doing.
/// Lines are written whole under one lock: timers fire on other threads.
/// </summary>
public sealed class TerraformProgress : IApplyProgress, IDisposable
{
    public static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long a planning read may take before it is said (a quick one, the usual case, says nothing).</summary>
    public static readonly TimeSpan RefreshSaidAfter = TimeSpan.FromSeconds(2);

    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);

    public TerraformProgress(TextWriter error, TimeProvider time)
    {
        _error = error;
        _time = time;
    }

    public Task StartingAsync(string address, ChangeAction action, string? id = null)
    {
        var verb = action switch
        {
            ChangeAction.Create => "Creating...",
            ChangeAction.Update => "Modifying...",
            _ => "Destroying...",
        };
        var still = action switch
        {
            ChangeAction.Create => "creating",
            ChangeAction.Update => "modifying",
            _ => "destroying",
        };
        Start(address, $"{address}: {verb}{Id(id)}", elapsed => $"{address}: Still {still}... [{elapsed}s elapsed]");
        return Task.CompletedTask;
    }

    public Task AccountsAsync(FanOutCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var failed = counts.Failed > 0 ? $" ({counts.Failed} failed)" : "";
        var line = counts.Stopping
            ? $"Accounts: stopping after an error (said when the run ends): no further account starts; {counts.Running} still running, {counts.Done} of {counts.Total} done{failed}."
            : $"Accounts: {counts.Done} of {counts.Total} done{failed}, {counts.Pending} pending.";
        lock (_lock)
        {
            _error.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    public Task CompletedAsync(string address, ChangeAction action, string? id = null)
    {
        var noun = action switch
        {
            ChangeAction.Create => "Creation",
            ChangeAction.Update => "Modifications",
            _ => "Destruction",
        };
        lock (_lock)
        {
            var seconds = Stop(address) is { } started ? (int)_time.GetElapsedTime(started).TotalSeconds : 0;
            _error.WriteLine($"{address}: {noun} complete after {seconds}s{Id(id)}");
        }

        return Task.CompletedTask;
    }

    public Task RefreshingAsync(string address, string? id = null)
    {
        lock (_lock)
        {
            Stop(address);
            var first = $"{address}: Refreshing state...{Id(id)}";
            var running = new Running(_time.GetTimestamp(), elapsed => $"{address}: Still refreshing... [{elapsed}s elapsed]") { Pending = first };
            running.Timer = _time.CreateTimer(Tick, (address, running), RefreshSaidAfter, TickEvery);
            _running[address] = running;
        }

        return Task.CompletedTask;
    }

    public Task WaitingAsync(string subject, string note)
    {
        Start(subject, note, elapsed => $"Still waiting for {subject}... [{elapsed}s elapsed]");
        return Task.CompletedTask;
    }

    public Task StoppedAsync(string addressOrSubject)
    {
        lock (_lock)
        {
            Stop(addressOrSubject);
        }

        return Task.CompletedTask;
    }

    public Task NoteAsync(string message)
    {
        lock (_lock)
        {
            _error.WriteLine(message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops every timer still running (a command ended by an error); nothing is written after this.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var running in _running.Values)
            {
                running.Timer.Dispose();
            }

            _running.Clear();
        }
    }

    private void Start(string key, string firstLine, Func<int, string> tickLine)
    {
        lock (_lock)
        {
            Stop(key);
            var started = _time.GetTimestamp();
            var running = new Running(started, tickLine);
            running.Timer = _time.CreateTimer(Tick, (key, running), TickEvery, TickEvery);
            _running[key] = running;
            _error.WriteLine(firstLine);
        }
    }

    private void Tick(object? state)
    {
        var (key, running) = ((string, Running))state!;
        lock (_lock)
        {
            // A tick that raced with Stop (or with a restart under the same key) says nothing.
            if (_running.TryGetValue(key, out var current) && ReferenceEquals(current, running))
            {
                var elapsed = (int)Math.Round(_time.GetElapsedTime(running.Started).TotalSeconds);
                _error.WriteLine(running.Pending ?? running.TickLine(elapsed));
                running.Pending = null;
            }
        }
    }

    /// <summary>Stops a timer (called under the lock); returns when it started, or null if none ran.</summary>
    private long? Stop(string key)
    {
        if (!_running.Remove(key, out var running))
        {
            return null;
        }

        running.Timer.Dispose();
        return running.Started;
    }

    private static string Id(string? id) => id is null ? "" : $" [id={id}]";

    private sealed class Running(long started, Func<int, string> tickLine)
    {
        public long Started { get; } = started;

        public Func<int, string> TickLine { get; } = tickLine;

        public ITimer Timer { get; set; } = null!;

        /// <summary>A first line held back until the first tick (a refresh is said only when it is slow).</summary>
        public string? Pending { get; set; }
    }
}
