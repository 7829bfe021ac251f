// Test support, not product code: the Organizations operations the tests need to build an organization on moto, as
// OrganizationsClient extension methods shaped like the client's own. Each one is a single call to the client's
// internal SendAsync (same marshaller, unmarshaller, signing and retries as the shipped operations).
using System.Text.Json;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Aws.Organizations.Model;
using AssumeRoleCli.Aws.Organizations.Transform;

namespace AssumeRoleCli.Tests.Aws.Organizations.TestSupport;

internal static class OrganizationsTestOperations
{
    public static Task<CreateOrganizationResponse> CreateOrganizationAsync(this OrganizationsClient client, CreateOrganizationRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, r => new CreateOrganizationResponse { Organization = JsonMembers.Organization(JsonMembers.Member(r, "Organization")) }, cancellationToken);

    public static Task<CreateAccountResponse> CreateAccountAsync(this OrganizationsClient client, CreateAccountRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, r => new CreateAccountResponse { Status = CreateAccountStatus.Read(JsonMembers.Member(r, "CreateAccountStatus")) }, cancellationToken);
}

internal sealed class CreateOrganizationRequest : OrganizationsRequest
{
    public string FeatureSet { get; set; } = "ALL";

    internal override string Operation => "CreateOrganization";

    internal override void WriteMembers(Utf8JsonWriter writer) => writer.WriteIfSet("FeatureSet", FeatureSet);
}

internal sealed class CreateOrganizationResponse : AmazonWebServiceResponse
{
    public Organization Organization { get; set; } = new();
}

internal sealed class CreateAccountRequest : OrganizationsRequest
{
    public string? AccountName { get; set; }

    public string? Email { get; set; }

    internal override string Operation => "CreateAccount";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteIfSet("AccountName", AccountName);
        writer.WriteIfSet("Email", Email);
    }
}

internal sealed class CreateAccountResponse : AmazonWebServiceResponse
{
    public CreateAccountStatus Status { get; set; } = new(null, null, null);
}

/// <summary>moto answers CreateAccount at once with State SUCCEEDED and the new AccountId.</summary>
internal sealed record CreateAccountStatus(string? Id, string? State, string? AccountId)
{
    public static CreateAccountStatus Read(JsonElement e) =>
        new(JsonMembers.Text(e, "Id"), JsonMembers.Text(e, "State"), JsonMembers.Text(e, "AccountId"));
}
