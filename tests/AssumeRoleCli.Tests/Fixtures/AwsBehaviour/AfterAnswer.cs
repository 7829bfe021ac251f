namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Runs <c>then</c> once, right after AWS answered the first successful call of <c>action</c> and before the answer
/// reaches the client: a test's hook for "the moment AWS has made it" (e.g. the disk filling up after CreateRole).
/// </summary>
public sealed class AfterAnswer(string action, Action<AwsCall> then) : AwsBehaviourRule
{
    private int _ran;

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var reply = await exchange.ForwardAsync();
        if (exchange.Call.Action == action && reply.IsSuccess && Interlocked.Exchange(ref _ran, 1) == 0)
        {
            then(exchange.Call);
        }

        return reply;
    }
}
