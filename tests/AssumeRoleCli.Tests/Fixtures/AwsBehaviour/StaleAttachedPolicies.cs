using System.Xml.Linq;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// IAM reads lag writes: for a window after DetachRolePolicy, ListAttachedRolePolicies of that role still lists the
/// detached policy (added back to moto's last page). Detaching it again goes to moto, which answers 404
/// NoSuchEntity as IAM does; attaching it again ends the stale entry.
/// </summary>
public sealed class StaleAttachedPolicies(TimeSpan window, TimeProvider? clock = null) : AwsBehaviourRule
{
    private readonly RecentChanges<(string? Account, string Role, string PolicyArn)> _detached = new(clock ?? TimeProvider.System);

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        var reply = await exchange.ForwardAsync();
        if (!call.IsIam || call.RoleName is not { } role || !reply.IsSuccess)
        {
            return reply;
        }

        switch (call.Action)
        {
            case "DetachRolePolicy" when call.Parameter("PolicyArn") is { } detached:
                _detached.Record((call.Account, role, detached));
                return reply;
            case "AttachRolePolicy" when call.Parameter("PolicyArn") is { } attached:
                _detached.Forget((call.Account, role, attached));
                return reply;
            case "ListAttachedRolePolicies":
                var stale = _detached.Within(window, k => k.Account == call.Account && k.Role == role).Select(k => k.PolicyArn);
                return WithPolicies(reply, stale.ToList());
            default:
                return reply;
        }
    }

    private static ProxyReply WithPolicies(ProxyReply reply, List<string> policyArns)
    {
        var document = XDocument.Parse(reply.BodyText());
        var result = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "ListAttachedRolePoliciesResult");
        var list = result?.Elements().FirstOrDefault(e => e.Name.LocalName == "AttachedPolicies");
        var truncated = result?.Elements().FirstOrDefault(e => e.Name.LocalName == "IsTruncated")?.Value == "true";
        if (list is null || truncated || policyArns.Count == 0)
        {
            return reply;
        }

        var ns = list.Name.Namespace;
        var listed = list.Descendants(ns + "PolicyArn").Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var arn in policyArns.Where(a => !listed.Contains(a)))
        {
            list.Add(new XElement(ns + "member",
                new XElement(ns + "PolicyName", AwsArn.LastName(arn)),
                new XElement(ns + "PolicyArn", arn)));
        }

        return reply.WithBody(document.ToString(SaveOptions.DisableFormatting));
    }
}
