using System.Collections.Concurrent;
using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// One test's own way through the proxy: its own loopback endpoint (so its rules and counts see only its own
/// calls, whatever other tests do at the same time), the rules it switched on, its request counts and an optional
/// fixed latency per call. Dispose closes the endpoint.
/// </summary>
public sealed class AwsBehaviourScope : IDisposable
{
    private readonly AwsBehaviourProxy _proxy;
    private readonly ProxyListener _listener;
    private readonly List<AwsBehaviourRule> _rules = [];
    private readonly Lock _rulesLock = new();
    private readonly ConcurrentQueue<string> _ruleFailures = new();

    internal AwsBehaviourScope(AwsBehaviourProxy proxy, TwoAccountWorld? world)
    {
        _proxy = proxy;
        _listener = ProxyListener.Start(HandleAsync);
        World = world is null ? null : world with { EndpointUrl = EndpointUrl };
    }

    /// <summary>Point SDK clients (ServiceURL) or the CLI (AwsEnvironment.EndpointOverride) here.</summary>
    public string EndpointUrl => _listener.EndpointUrl;

    /// <summary>The world this scope was opened for, with its EndpointUrl already pointing through the proxy.</summary>
    public TwoAccountWorld? World { get; }

    public RequestCounts Requests { get; } = new();

    /// <summary>When each call arrived and was answered: its critical path of dependent round trips.</summary>
    public RequestTimeline Timeline { get; } = new();

    /// <summary>Added to every call before any rule sees it.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Rules that threw (answered as 500 InternalFailure); a test can assert this is empty.</summary>
    public IReadOnlyCollection<string> RuleFailures => _ruleFailures;

    /// <summary>Switches a behaviour on for the calls through this scope; returns it for later inspection.</summary>
    public TRule Add<TRule>(TRule rule)
        where TRule : AwsBehaviourRule
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_rulesLock)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public void Remove(AwsBehaviourRule rule)
    {
        lock (_rulesLock)
        {
            _rules.Remove(rule);
        }
    }

    /// <summary>Closes the endpoint and disposes the rules that hold resources.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        lock (_rulesLock)
        {
            foreach (var rule in _rules.OfType<IDisposable>())
            {
                rule.Dispose();
            }
        }
    }

    private async Task<ProxyReply> HandleAsync(RawHttpRequest raw, CancellationToken cancellationToken)
    {
        var start = Timeline.Now;
        var call = AwsCallParser.Parse(raw, _proxy.Callers);
        Requests.CountReceived(call);
        try
        {
            return await AnswerAsync(call, cancellationToken);
        }
        finally
        {
            Timeline.Add(call, start);
        }
    }

    private async Task<ProxyReply> AnswerAsync(AwsCall call, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        Func<Task<ProxyReply>> chain = () => ForwardAsync(call, cancellationToken);
        AwsBehaviourRule[] rules;
        lock (_rulesLock)
        {
            rules = [.. _rules];
        }

        for (var i = rules.Length - 1; i >= 0; i--)
        {
            var rule = rules[i];
            var next = chain;
            chain = () => rule.InvokeAsync(new AwsExchange(call, next, _proxy.Roles, cancellationToken));
        }

        try
        {
            return await chain();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _ruleFailures.Enqueue($"{call.Service}:{call.Action}: {e}");
            return AwsErrorReply.For(call, HttpStatusCode.InternalServerError, "InternalFailure",
                $"AwsBehaviourProxy failed on {call.Action}: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<ProxyReply> ForwardAsync(AwsCall call, CancellationToken cancellationToken)
    {
        Requests.CountForwarded(call);
        var reply = await _proxy.Forwarder.ForwardAsync(call.Raw, cancellationToken);
        Requests.CountCarriedOut(call);
        _proxy.Callers.LearnFrom(call, reply);
        return reply;
    }
}
