using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AssumeRoleCli.Aws.Calls;

/// <summary>
/// What the AWS clients of one run observed: every attempt (for --verbose), the call behind each failure (so an
/// error line can name the operation, identity and region), and who each access key is, as STS said.
/// </summary>
public sealed class AwsCallLog
{
    private readonly ConcurrentDictionary<string, string> _identities = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<Exception, AwsCallRecord> _failures = [];
    private readonly Lock _listenerLock = new();
    private Action<AwsCallRecord>? _listener;

    /// <summary>Calls <paramref name="listener"/> after every attempt until the returned scope is disposed.</summary>
    public IDisposable Listen(Action<AwsCallRecord> listener)
    {
        lock (_listenerLock)
        {
            _listener += listener;
        }

        return new Subscription(this, listener);
    }

    /// <summary>The AWS call that raised <paramref name="error"/> or any exception it wraps; null when none did.</summary>
    public AwsCallRecord? FailedCallOf(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (_failures.TryGetValue(current, out var call))
            {
                return call;
            }
        }

        return null;
    }

    internal void Completed(AwsCallRecord call) => Notify(call);

    internal void Failed(Exception error, AwsCallRecord call)
    {
        _failures.AddOrUpdate(error, call);
        Notify(call);
    }

    /// <summary>Remembers who an access key is, from STS's own answer (GetCallerIdentity, AssumeRole).</summary>
    internal void LearnIdentity(string? accessKeyId, string? arn)
    {
        if (!string.IsNullOrEmpty(accessKeyId) && AwsCallRecord.IdentityFromArn(arn) is { } identity)
        {
            _identities[accessKeyId] = identity;
        }
    }

    internal string? IdentityOf(string? accessKeyId) =>
        accessKeyId is not null && _identities.TryGetValue(accessKeyId, out var identity) ? identity : null;

    private void Notify(AwsCallRecord call)
    {
        Action<AwsCallRecord>? listener;
        lock (_listenerLock)
        {
            listener = _listener;
        }

        listener?.Invoke(call);
    }

    private sealed class Subscription(AwsCallLog log, Action<AwsCallRecord> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (log._listenerLock)
            {
                log._listener -= listener;
            }
        }
    }
}
