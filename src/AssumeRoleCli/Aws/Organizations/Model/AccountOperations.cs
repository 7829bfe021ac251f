using System.Text.Json;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Organizations.Transform;

namespace AssumeRoleCli.Aws.Organizations.Model;

internal sealed class ListAccountsRequest : OrganizationsRequest
{
    /// <summary>At most 20 per page (the model's limit); unset: the service's default.</summary>
    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }

    internal override string Operation => "ListAccounts";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteIfSet("MaxResults", MaxResults);
        writer.WriteIfSet("NextToken", NextToken);
    }
}

internal sealed class ListAccountsResponse : AmazonWebServiceResponse
{
    public List<Account> Accounts { get; set; } = [];

    /// <summary>Set when more pages follow.</summary>
    public string? NextToken { get; set; }
}

internal sealed class DescribeOrganizationRequest : OrganizationsRequest
{
    internal override string Operation => "DescribeOrganization";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
    }
}

internal sealed class DescribeOrganizationResponse : AmazonWebServiceResponse
{
    public Organization Organization { get; set; } = new();
}
