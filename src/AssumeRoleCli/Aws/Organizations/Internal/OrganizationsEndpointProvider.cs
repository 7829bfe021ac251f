using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using AssumeRoleCli.Aws.Sdk;
using static Amazon.Runtime.Internal.Endpoints.StandardLibrary.Fn;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>
/// Organizations' endpoint rules (<c>organizations/2016-11-28/endpoint-rule-set-1.json</c>), evaluated rule by rule in
/// the rule set's order, as <see cref="Iam.Internal.IamEndpointProvider"/> does for IAM: a refs dictionary, the rules'
/// standard library and the rules' own error texts, thrown as <see cref="AmazonClientException"/>.
/// </summary>
/// <remarks>
/// Organizations is global: in most partitions one pinned endpoint, signed for one region (us-east-1 for aws,
/// cn-northwest-1 for aws-cn, us-gov-west-1 for aws-us-gov...), whatever region the client is in. Partitions the
/// rules pin nothing for (and FIPS/dual-stack where not pinned) get <c>organizations[-fips].{Region}.{dnsSuffix}</c>,
/// signed for the region itself. organizations-endpoint-cases.json, made from botocore by
/// scripts/gen_iam_endpoint_table.py, checks every rule.
/// </remarks>
internal sealed class OrganizationsEndpointProvider : GlobalServiceEndpointProvider
{
    /// <summary>The rule set's pinned endpoints, in rule order (the first match wins).</summary>
    private static readonly PinnedEndpoint[] PinnedEndpoints =
    [
        new("aws", UseFips: false, UseDualStack: false, "https://organizations.us-east-1.amazonaws.com", "us-east-1"),
        new("aws", UseFips: true, UseDualStack: false, "https://organizations-fips.us-east-1.amazonaws.com", "us-east-1"),
        new("aws-cn", UseFips: false, UseDualStack: false, "https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
        new("aws-us-gov", UseFips: false, UseDualStack: false, "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        new("aws-us-gov", UseFips: true, UseDualStack: false, "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        new("aws-iso", UseFips: false, UseDualStack: false, "https://organizations.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        new("aws-iso-b", UseFips: false, UseDualStack: false, "https://organizations.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        new("aws-iso-f", UseFips: false, UseDualStack: false, "https://organizations.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
    ];

    /// <summary>
    /// The region Organizations is signed for from <paramref name="region"/> as the rules pin it (us-east-1 for any aws
    /// region); null where the rules pin none (then the region itself). Named on the client so that requests sent to
    /// an endpoint override are signed as AWS would sign them.
    /// </summary>
    public static string? SigningRegionFor(string region) => new OrganizationsEndpointProvider().SigningRegionOf(new OrganizationsEndpointParameters { Region = region });

    protected override IReadOnlyList<PinnedEndpoint> Pinned => PinnedEndpoints;

    protected override string PinnedAuthSchemes(string signingRegion) => SigV4Json(signingRegion, "organizations");

    protected override string UrlTemplate(bool fips, bool dualStack) =>
        $"https://organizations{(fips ? "-fips" : "")}.{{Region}}.{{PartitionResult#{(dualStack ? "dualStackDnsSuffix" : "dnsSuffix")}}}";

    /// <summary>An endpoint in the region itself: the rules give no authSchemes (signed for the region).</summary>
    protected override Endpoint Unpinned(string urlTemplate, Dictionary<string, object?> refs)
        => new(Interpolate(urlTemplate, refs), InterpolateJson("", refs), NoHeaders);
}
