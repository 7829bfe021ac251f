using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using AssumeRoleCli.Aws.Sdk;
using static Amazon.Runtime.Internal.Endpoints.StandardLibrary.Fn;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>
/// IAM's endpoint rules (<c>iam/2010-05-08/endpoint-rule-set-1.json</c>), evaluated rule by rule in the rule
/// set's order, the way the SDK generates its providers (see AmazonSecurityTokenServiceEndpointProvider): a refs
/// dictionary, the rules' standard library (<c>Partition</c>, <c>GetAttr</c>, <c>Interpolate</c>) and the rules'
/// own error texts, thrown as <see cref="AmazonClientException"/>.
/// </summary>
/// <remarks>
/// IAM has one endpoint per partition and is signed for that partition's global region, whatever region the client
/// is in. The authSchemes hold what the rules give (sigv4 and the signing region); the signing name then comes
/// from <see cref="ClientConfig.AuthenticationServiceName"/>. An endpoint override carries no authSchemes, as in
/// the rules, so the SDK signs it as it does for its generated clients (AuthenticationRegion, else the region in
/// the URL, else us-east-1). iam-endpoint-cases.json, made from botocore by scripts/gen_iam_endpoint_table.py,
/// checks every rule.
/// </remarks>
internal sealed class IamEndpointProvider : GlobalServiceEndpointProvider
{
    /// <summary>The rule set's partition-specific endpoints, in rule order (the first match wins).</summary>
    private static readonly PinnedEndpoint[] PinnedEndpoints =
    [
        new("aws", UseFips: false, UseDualStack: true, "https://iam.global.api.aws", "us-east-1"),
        new("aws", UseFips: true, UseDualStack: true, "https://iam-fips.global.api.aws", "us-east-1"),
        new("aws-cn", UseFips: false, UseDualStack: true, "https://iam.global.api.amazonwebservices.com.cn", "cn-north-1"),
        new("aws-cn", UseFips: false, UseDualStack: false, "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        new("aws-us-gov", UseFips: false, UseDualStack: true, "https://iam.us-gov.api.aws", "us-gov-west-1"),
        new("aws-us-gov", UseFips: true, UseDualStack: true, "https://iam.us-gov.api.aws", "us-gov-west-1"),
        new("aws-us-gov", UseFips: false, UseDualStack: false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        new("aws-us-gov", UseFips: true, UseDualStack: false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        new("aws-iso", UseFips: false, UseDualStack: false, "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        new("aws-iso", UseFips: true, UseDualStack: false, "https://iam-fips.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        new("aws-iso-b", UseFips: false, UseDualStack: false, "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        new("aws-iso-b", UseFips: true, UseDualStack: false, "https://iam-fips.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        new("aws-iso-e", UseFips: false, UseDualStack: false, "https://iam.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"),
        new("aws-iso-f", UseFips: false, UseDualStack: false, "https://iam.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
        new("aws-eusc", UseFips: false, UseDualStack: false, "https://iam.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"),
    ];

    /// <summary>
    /// The region IAM is signed for from <paramref name="region"/>: its partition's global region (us-east-1,
    /// cn-north-1, us-gov-west-1...), as the rules give it. Named on the client so that requests sent to an endpoint
    /// override are signed for it too, instead of the SDK searching the region chain (the profile files) per request.
    /// </summary>
    public static string? SigningRegionFor(string region) => new IamEndpointProvider().SigningRegionOf(new IamEndpointParameters { Region = region });

    protected override IReadOnlyList<PinnedEndpoint> Pinned => PinnedEndpoints;

    protected override string PinnedAuthSchemes(string signingRegion) => SigV4Json(signingRegion);

    protected override string UrlTemplate(bool fips, bool dualStack) =>
        $"https://iam{(fips ? "-fips" : "")}.{{PartitionResult#{(dualStack ? "dualStackDnsSuffix" : "dnsSuffix")}}}";

    /// <summary>An endpoint of the partition itself, signed for its implicit global region.</summary>
    protected override Endpoint Unpinned(string urlTemplate, Dictionary<string, object?> refs)
        => new(Interpolate(urlTemplate, refs), InterpolateJson(SigV4Json("{PartitionResult#implicitGlobalRegion}"), refs), NoHeaders);
}
