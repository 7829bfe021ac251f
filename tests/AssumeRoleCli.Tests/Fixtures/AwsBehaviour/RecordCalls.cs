using System.Collections.Concurrent;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>Records every call of <c>action</c> that passes through the scope, with its parameters, and lets it on.</summary>
public sealed class RecordCalls(string action) : AwsBehaviourRule
{
    private readonly ConcurrentQueue<AwsCall> _calls = new();

    /// <summary>The calls seen, in the order they arrived.</summary>
    public IReadOnlyCollection<AwsCall> Calls => _calls;

    protected override Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        if (exchange.Call.Action == action)
        {
            _calls.Enqueue(exchange.Call);
        }

        return exchange.ForwardAsync();
    }
}
