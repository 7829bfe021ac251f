using System.Collections.Concurrent;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>Calls per action that reached the proxy, and how many of them it passed on to moto.</summary>
public sealed class RequestCounts
{
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _forwarded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _carriedOut = new(StringComparer.Ordinal);

    public int Total => _received.Values.Sum();

    /// <summary>Calls of <paramref name="action"/> (e.g. <c>AssumeRole</c>) the proxy received, answered or not.</summary>
    public int Received(string action) => _received.GetValueOrDefault(action);

    /// <summary>Calls of <paramref name="action"/> that reached moto.</summary>
    public int Forwarded(string action) => _forwarded.GetValueOrDefault(action);

    /// <summary>Calls of <paramref name="action"/> moto has answered: carried out, whatever became of the answer.</summary>
    public int CarriedOut(string action) => _carriedOut.GetValueOrDefault(action);

    /// <summary>e.g. <c>AssumeRole=2 (forwarded 1), GetRole=1 (forwarded 1)</c>, for assertion messages.</summary>
    public override string ToString() => string.Join(", ", _received.OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value} (forwarded {Forwarded(p.Key)})"));

    internal void CountReceived(AwsCall call) => _received.AddOrUpdate(call.Action, 1, (_, n) => n + 1);

    internal void CountForwarded(AwsCall call) => _forwarded.AddOrUpdate(call.Action, 1, (_, n) => n + 1);

    internal void CountCarriedOut(AwsCall call) => _carriedOut.AddOrUpdate(call.Action, 1, (_, n) => n + 1);
}
