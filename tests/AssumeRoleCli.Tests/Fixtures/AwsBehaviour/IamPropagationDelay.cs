using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// IAM is eventually consistent: for a while after CreateRole / AttachRolePolicy / UpdateAssumeRolePolicy of a role,
/// GetRole answers 404 NoSuchEntity, STS AssumeRole of it answers 403 AccessDenied, and EC2 calls made with the
/// role's session credentials answer 403 UnauthorizedOperation. Each window counts from the role's last change
/// and can be set on its own (zero switches that effect off).
/// </summary>
public sealed class IamPropagationDelay : AwsBehaviourRule
{
    private readonly RecentChanges<(string? Account, string Role)> _changes;

    public IamPropagationDelay(TimeSpan window, TimeProvider? clock = null)
    {
        GetRoleWindow = AssumeRoleWindow = Ec2Window = window;
        _changes = new(clock ?? TimeProvider.System);
    }

    public TimeSpan GetRoleWindow { get; init; }

    public TimeSpan AssumeRoleWindow { get; init; }

    public TimeSpan Ec2Window { get; init; }

    /// <summary>The EC2 actions refused within <see cref="Ec2Window"/>; null: every one (a policy can reach RunInstances after Describe*).</summary>
    public IReadOnlySet<string>? Ec2Actions { get; init; }

    /// <summary>
    /// At most this many EC2 refusals in all, however long the window (null: as many as the window allows): a window
    /// that ends by count, so a slow machine, whose first call may come late, sees the same refusals as a fast one.
    /// </summary>
    public int? Ec2Refusals { get; init; }

    private int _ec2Refused;

    /// <summary>The IAM actions whose success starts the windows.</summary>
    public IReadOnlySet<string> TriggeredBy { get; init; } =
        new HashSet<string>(StringComparer.Ordinal) { "CreateRole", "AttachRolePolicy", "UpdateAssumeRolePolicy" };

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if (call.RoleName is not { } role)
        {
            return await exchange.ForwardAsync();
        }

        var key = (call.Account, role);
        if (call.IsIam && TriggeredBy.Contains(call.Action))
        {
            var reply = await exchange.ForwardAsync();
            if (reply.IsSuccess)
            {
                _changes.Record(key);
            }

            return reply;
        }

        if (call.Is("iam", "GetRole") && _changes.IsWithin(key, GetRoleWindow))
        {
            return AwsErrorReply.NoSuchRole(call);
        }

        if (call.Is("sts", "AssumeRole") && _changes.IsWithin(key, AssumeRoleWindow))
        {
            return AwsErrorReply.AssumeRoleDenied(call);
        }

        if (call.IsEc2 && (Ec2Actions?.Contains(call.Action) ?? true) && _changes.IsWithin(key, Ec2Window)
            && (Ec2Refusals is not { } most || Interlocked.Increment(ref _ec2Refused) <= most))
        {
            return AwsErrorReply.For(call, HttpStatusCode.Forbidden, "UnauthorizedOperation",
                $"You are not authorized to perform this operation. User: {call.Caller?.Arn} is not authorized to perform: " +
                $"ec2:{call.Action} because no identity-based policy allows the ec2:{call.Action} action");
        }

        return await exchange.ForwardAsync();
    }
}
