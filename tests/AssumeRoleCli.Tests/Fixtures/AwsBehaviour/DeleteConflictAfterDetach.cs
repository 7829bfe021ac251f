using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// For a window after a DetachRolePolicy on a role, DeleteRole of it answers 409 DeleteConflict
/// ("Cannot delete entity, must detach all policies first.") as IAM does while the detach propagates.
/// </summary>
public sealed class DeleteConflictAfterDetach(TimeSpan window, TimeProvider? clock = null) : AwsBehaviourRule
{
    private readonly RecentChanges<(string? Account, string Role)> _detaches = new(clock ?? TimeProvider.System);

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if (!call.IsIam || call.RoleName is not { } role)
        {
            return await exchange.ForwardAsync();
        }

        if (call.Action == "DeleteRole" && _detaches.IsWithin((call.Account, role), window))
        {
            return AwsErrorReply.For(call, HttpStatusCode.Conflict, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }

        var reply = await exchange.ForwardAsync();
        if (call.Action == "DetachRolePolicy" && reply.IsSuccess)
        {
            _detaches.Record((call.Account, role));
        }

        return reply;
    }
}
