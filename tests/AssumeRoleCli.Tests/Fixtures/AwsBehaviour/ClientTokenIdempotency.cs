using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// EC2 RunInstances ClientToken idempotency, which moto lacks: a repeat in the same account with the same token and
/// the same parameters returns the first call's answer (the same reservation and instances, nothing new launched);
/// with other parameters it answers 400 IdempotentParameterMismatch. A failed first call does not use the token up.
/// Calls with one token are served one at a time, so concurrent repeats also launch once.
/// </summary>
public sealed class ClientTokenIdempotency : AwsBehaviourRule, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string? Account, string Token), (string Parameters, ProxyReply Reply)> _launches = [];

    /// <summary>RunInstances calls answered from a token's first answer instead of launching again.</summary>
    public int Replayed { get; private set; }

    public void Dispose() => _gate.Dispose();

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if (!call.Is("ec2", "RunInstances") || call.Parameter("ClientToken") is not { Length: > 0 } token)
        {
            return await exchange.ForwardAsync();
        }

        var key = (call.Account, token);
        var parameters = Fingerprint(call);
        await _gate.WaitAsync(exchange.CancellationToken);
        try
        {
            if (_launches.TryGetValue(key, out var first))
            {
                if (first.Parameters != parameters)
                {
                    return AwsErrorReply.For(call, HttpStatusCode.BadRequest, "IdempotentParameterMismatch",
                        "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
                }

                Replayed++;
                return first.Reply;
            }

            var reply = await exchange.ForwardAsync();
            if (reply.IsSuccess)
            {
                _launches[key] = (parameters, reply);
            }

            return reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Fingerprint(AwsCall call) => string.Join('&', call.Parameters
        .Where(p => p.Key != "ClientToken")
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));
}
