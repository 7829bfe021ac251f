using System.Text.Json;
using AssumeRoleCli.Aws.Organizations.Model;
using static AssumeRoleCli.Aws.Organizations.Transform.JsonMembers;

namespace AssumeRoleCli.Aws.Organizations.Transform;

/// <summary>Per-operation mapping of the response body's JSON object onto the typed response.</summary>
internal static class OrganizationsResultReaders
{
    public static ListAccountsResponse ListAccounts(JsonElement r) => new()
    {
        Accounts = List(r, "Accounts", Account),
        NextToken = Text(r, "NextToken"),
    };

    public static DescribeOrganizationResponse DescribeOrganization(JsonElement r) => new()
    {
        Organization = Organization(Member(r, "Organization")),
    };
}
