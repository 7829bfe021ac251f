using System.Diagnostics;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>One request as the proxy saw it: its action, when it arrived and when its answer was handed back.</summary>
public sealed record TimedRequest(string Action, TimeSpan Start, TimeSpan End);

/// <summary>
/// When each request through a scope arrived and was answered, and from that the critical path: the longest chain
/// of requests each of which arrived only after the one before it was answered. Requests sent at the same time
/// overlap and so never chain; with a fixed delay per call, a request that had to wait for another's answer cannot
/// overlap it. The chain's length is the number of dependent round trips, whatever the machine's speed.
/// </summary>
public sealed class RequestTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimedRequest> _requests = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<TimedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.OrderBy(r => r.Start)];
            }
        }
    }

    /// <summary>The longest chain of requests, each arriving after the previous one's answer; its actions in order.</summary>
    public IReadOnlyList<string> CriticalPath => Longest(Requests).Select(r => r.Action).ToList();

    /// <summary>e.g. <c>GetRole 0-412 ms, GetCallerIdentity 3-409 ms</c>, for assertion messages.</summary>
    public override string ToString() => string.Join(", ", Requests.Select(r => $"{r.Action} {r.Start.TotalMilliseconds:0}-{r.End.TotalMilliseconds:0} ms"));

    /// <summary>The longest chain among <paramref name="requests"/> (a longest path in the "answered before it arrived" order).</summary>
    public static IReadOnlyList<TimedRequest> Longest(IReadOnlyList<TimedRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var sorted = requests.OrderBy(r => r.Start).ToList();
        var length = new int[sorted.Count];
        var previous = new int[sorted.Count];
        var best = -1;
        for (var i = 0; i < sorted.Count; i++)
        {
            (length[i], previous[i]) = (1, -1);
            for (var j = 0; j < i; j++)
            {
                if (sorted[j].End <= sorted[i].Start && length[j] + 1 > length[i])
                {
                    (length[i], previous[i]) = (length[j] + 1, j);
                }
            }

            best = best < 0 || length[i] > length[best] ? i : best;
        }

        var chain = new List<TimedRequest>();
        for (var i = best; i >= 0; i = previous[i])
        {
            chain.Add(sorted[i]);
        }

        chain.Reverse();
        return chain;
    }

    internal TimeSpan Now => _clock.Elapsed;

    internal void Add(AwsCall call, TimeSpan start)
    {
        var end = _clock.Elapsed;
        lock (_gate)
        {
            _requests.Add(new TimedRequest(call.Action, start, end));
        }
    }
}
