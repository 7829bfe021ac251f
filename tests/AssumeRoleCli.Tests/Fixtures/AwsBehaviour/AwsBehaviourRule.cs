namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Narrows a rule to calls about one account, one role and/or signed with one access key (null: any). Each proxy
/// scope has its own endpoint already, so a filter only matters when one test mixes callers or roles.
/// </summary>
public sealed record CallFilter
{
    public static readonly CallFilter Any = new();

    /// <summary>The account the call is about (<see cref="AwsCall.Account"/>).</summary>
    public string? Account { get; init; }

    /// <summary>The role the call is about (<see cref="AwsCall.RoleName"/>).</summary>
    public string? RoleName { get; init; }

    public string? AccessKeyId { get; init; }

    public bool Matches(AwsCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return (Account is null || Account == call.Account)
            && (RoleName is null || RoleName == call.RoleName)
            && (AccessKeyId is null || AccessKeyId == call.AccessKeyId);
    }
}

/// <summary>One call on its way through a scope's rules: the call, the rest of the chain, and shared services.</summary>
public sealed class AwsExchange(AwsCall call, Func<Task<ProxyReply>> next, RoleDirectory roles, CancellationToken cancellationToken)
{
    public AwsCall Call { get; } = call;

    /// <summary>Reads roles from moto as their account's admin, for trust policies and MaxSessionDuration.</summary>
    public RoleDirectory Roles { get; } = roles;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Lets the call go on: to the next rule, and in the end to moto.</summary>
    public Task<ProxyReply> ForwardAsync() => next();
}

/// <summary>
/// A documented AWS behaviour that moto lacks. Rules wrap each other like middleware: the first one added sees
/// the call first and the answer last. A rule answers itself, or forwards and may look at or change the answer.
/// </summary>
public abstract class AwsBehaviourRule
{
    public CallFilter Filter { get; init; } = CallFilter.Any;

    internal Task<ProxyReply> InvokeAsync(AwsExchange exchange) =>
        Filter.Matches(exchange.Call) ? HandleAsync(exchange) : exchange.ForwardAsync();

    protected abstract Task<ProxyReply> HandleAsync(AwsExchange exchange);
}
