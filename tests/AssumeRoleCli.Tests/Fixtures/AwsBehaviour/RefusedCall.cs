using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Every call of one action answers the given AWS error and reaches nothing: e.g. an SCP or a permissions boundary that
/// lets the caller create a role but not attach a policy to it (403 AccessDenied on AttachRolePolicy).
/// </summary>
public sealed class RefusedCall(string action, HttpStatusCode status, string code, string message) : AwsBehaviourRule
{
    public static RefusedCall AccessDenied(string service, string action) => new(
        action, HttpStatusCode.Forbidden, "AccessDenied", $"User is not authorized to perform: {service}:{action} with an explicit deny in a service control policy");

    protected override Task<ProxyReply> HandleAsync(AwsExchange exchange) =>
        exchange.Call.Action == action ? Task.FromResult(AwsErrorReply.For(exchange.Call, status, code, message)) : exchange.ForwardAsync();
}
