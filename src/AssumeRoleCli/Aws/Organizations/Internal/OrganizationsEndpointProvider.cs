using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
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
internal sealed class OrganizationsEndpointProvider : IEndpointProvider
{
    private const string NoHeaders = "";

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
    public static string? SigningRegionFor(string region)
    {
        var endpoint = new OrganizationsEndpointProvider().ResolveEndpoint(new OrganizationsEndpointParameters { Region = region });
        return endpoint.Attributes?["authSchemes"] is IList<object> { Count: > 0 } schemes && schemes[0] is IPropertyBag scheme
            ? scheme["signingRegion"] as string
            : null;
    }

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters["UseDualStack"] == null)
        {
            throw new AmazonClientException("UseDualStack parameter must be set for endpoint resolution");
        }

        if (parameters["UseFIPS"] == null)
        {
            throw new AmazonClientException("UseFIPS parameter must be set for endpoint resolution");
        }

        var refs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Region"] = parameters["Region"],
            ["UseDualStack"] = parameters["UseDualStack"],
            ["UseFIPS"] = parameters["UseFIPS"],
            ["Endpoint"] = parameters["Endpoint"],
        };

        if (IsSet(refs["Endpoint"]))
        {
            if (Equals(refs["UseFIPS"], true))
            {
                throw new AmazonClientException("Invalid Configuration: FIPS and custom endpoint are not supported");
            }

            if (Equals(refs["UseDualStack"], true))
            {
                throw new AmazonClientException("Invalid Configuration: Dualstack and custom endpoint are not supported");
            }

            return new Endpoint((string)refs["Endpoint"]!, InterpolateJson("", refs), NoHeaders);
        }

        if (IsSet(refs["Region"]) && (refs["PartitionResult"] = Partition((string)refs["Region"]!)) != null)
        {
            return ResolveInPartition(refs);
        }

        throw new AmazonClientException("Invalid Configuration: Missing Region");
    }

    /// <summary>The rules under <c>aws.partition(Region)</c>: pinned endpoints first, then the region's own.</summary>
    private static Endpoint ResolveInPartition(Dictionary<string, object?> refs)
    {
        var partition = refs["PartitionResult"];
        foreach (var pinned in PinnedEndpoints)
        {
            if (Equals(GetAttr(partition, "name"), pinned.PartitionName)
                && Equals(refs["UseFIPS"], pinned.UseFips)
                && Equals(refs["UseDualStack"], pinned.UseDualStack))
            {
                return new Endpoint(
                    pinned.Url,
                    InterpolateJson($$"""{"authSchemes":[{"name":"sigv4","signingName":"organizations","signingRegion":"{{pinned.SigningRegion}}"}]}""", refs),
                    NoHeaders);
            }
        }

        if (Equals(refs["UseFIPS"], true) && Equals(refs["UseDualStack"], true))
        {
            if (Equals(true, GetAttr(partition, "supportsFIPS")) && Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return InRegion("https://organizations-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", refs);
            }

            throw new AmazonClientException("FIPS and DualStack are enabled, but this partition does not support one or both");
        }

        if (Equals(refs["UseFIPS"], true))
        {
            if (Equals(GetAttr(partition, "supportsFIPS"), true))
            {
                return InRegion("https://organizations-fips.{Region}.{PartitionResult#dnsSuffix}", refs);
            }

            throw new AmazonClientException("FIPS is enabled but this partition does not support FIPS");
        }

        if (Equals(refs["UseDualStack"], true))
        {
            if (Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return InRegion("https://organizations.{Region}.{PartitionResult#dualStackDnsSuffix}", refs);
            }

            throw new AmazonClientException("DualStack is enabled but this partition does not support DualStack");
        }

        return InRegion("https://organizations.{Region}.{PartitionResult#dnsSuffix}", refs);
    }

    /// <summary>An endpoint in the region itself: the rules give no authSchemes (signed for the region).</summary>
    private static Endpoint InRegion(string urlTemplate, Dictionary<string, object?> refs)
        => new(Interpolate(urlTemplate, refs), InterpolateJson("", refs), NoHeaders);

    private sealed record PinnedEndpoint(string PartitionName, bool UseFips, bool UseDualStack, string Url, string SigningRegion);
}
