using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

public enum FaultKind
{
    /// <summary>IAM/STS 400 Throttling; EC2 503 RequestLimitExceeded; Organizations 400 TooManyRequestsException.</summary>
    Throttling,

    /// <summary>IAM 409 ConcurrentModification.</summary>
    ConcurrentModification,

    /// <summary>IAM/STS 500 InternalFailure; EC2 500 InternalError.</summary>
    InternalFailure,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>EC2 500 InsufficientInstanceCapacity: a definite refusal, though a 5xx (nothing is launched).</summary>
    InsufficientInstanceCapacity,

    /// <summary>The connection is closed without an answer; moto never sees the call.</summary>
    ConnectionReset,

    /// <summary>moto carries the call out, then the connection is closed without an answer.</summary>
    ConnectionResetAfterForwarding,

    /// <summary>moto carries the call out; its answer is held back for <see cref="InjectedFault.Delay"/>.</summary>
    SlowAnswer,
}

/// <summary>
/// A fault for the next <c>times</c> calls of the given actions (any action if none given); after that calls go
/// through. The AWS errors carry each service's real code, HTTP status and XML shape.
/// </summary>
public sealed class InjectedFault(FaultKind kind, int times, params string[] actions) : AwsBehaviourRule
{
    private readonly HashSet<string> _actions = new(actions, StringComparer.Ordinal);
    private int _remaining = times;

    public FaultKind Kind { get; } = kind;

    /// <summary>How long a <see cref="FaultKind.SlowAnswer"/> answer is held back.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Only calls this accepts get the fault (e.g. a DescribeInstances by id, not by tag); null: every call of the actions.</summary>
    public Func<AwsCall, bool>? When { get; init; }

    /// <summary>Faults still to inject.</summary>
    public int Remaining => Math.Max(0, Volatile.Read(ref _remaining));

    public static InjectedFault Throttling(int times, params string[] actions) => new(FaultKind.Throttling, times, actions);

    public static InjectedFault ConcurrentModification(int times, params string[] actions) =>
        new(FaultKind.ConcurrentModification, times, actions);

    public static InjectedFault InternalFailure(int times, params string[] actions) => new(FaultKind.InternalFailure, times, actions);

    public static InjectedFault ServiceUnavailable(int times, params string[] actions) =>
        new(FaultKind.ServiceUnavailable, times, actions);

    public static InjectedFault ConnectionReset(int times, params string[] actions) => new(FaultKind.ConnectionReset, times, actions);

    public static InjectedFault SlowAnswer(TimeSpan delay, int times, params string[] actions) =>
        new(FaultKind.SlowAnswer, times, actions) { Delay = delay };

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if ((_actions.Count > 0 && !_actions.Contains(call.Action)) || When?.Invoke(call) == false || Interlocked.Decrement(ref _remaining) < 0)
        {
            return await exchange.ForwardAsync();
        }

        if (Kind is FaultKind.ConnectionResetAfterForwarding or FaultKind.SlowAnswer)
        {
            var reply = await exchange.ForwardAsync();
            return Kind == FaultKind.SlowAnswer ? reply with { Delay = Delay } : ProxyReply.Reset;
        }

        return Kind switch
        {
            FaultKind.Throttling when call.IsEc2 =>
                AwsErrorReply.For(call, HttpStatusCode.ServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded."),
            FaultKind.Throttling when call.Service == "organizations" => AwsErrorReply.For(call, HttpStatusCode.BadRequest, "TooManyRequestsException",
                "AWS Organizations can't complete your request because another request is already in progress. Try again later."),
            FaultKind.Throttling => AwsErrorReply.For(call, HttpStatusCode.BadRequest, "Throttling", "Rate exceeded"),
            FaultKind.ConcurrentModification => AwsErrorReply.For(call, HttpStatusCode.Conflict, "ConcurrentModification",
                "The request was rejected because multiple requests to change this object were submitted simultaneously. " +
                "Wait a few minutes and submit your request again."),
            FaultKind.InternalFailure when call.IsEc2 =>
                AwsErrorReply.For(call, HttpStatusCode.InternalServerError, "InternalError", "An internal error has occurred."),
            FaultKind.InternalFailure => AwsErrorReply.For(call, HttpStatusCode.InternalServerError, "InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure."),
            FaultKind.ServiceUnavailable => AwsErrorReply.For(call, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server."),
            FaultKind.InsufficientInstanceCapacity => AwsErrorReply.For(call, HttpStatusCode.InternalServerError, "InsufficientInstanceCapacity",
                "We currently do not have sufficient capacity in the Availability Zone you requested. Our system will be working on " +
                "provisioning additional capacity. You can currently get capacity by not specifying an Availability Zone in your request."),
            FaultKind.ConnectionReset => ProxyReply.Reset,
            _ => throw new InvalidOperationException($"Unknown fault {Kind}."),
        };
    }
}
