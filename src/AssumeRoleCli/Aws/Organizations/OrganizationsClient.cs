using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using AssumeRoleCli.Aws.Organizations.Internal;
using AssumeRoleCli.Aws.Organizations.Model;
using AssumeRoleCli.Aws.Organizations.Transform;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Organizations;

/// <summary>
/// Small AWS Organizations client on AWSSDK.Core's runtime pipeline (credentials, SigV4, standard retries with more
/// attempts for throttling, clock-skew correction, endpoint overrides and error parsing all come from the SDK), JSON 1.1
/// protocol. Method names and shapes follow AWSSDK.Organizations so it can be swapped in later. Only operations the
/// product calls live here; tests add their own through <see cref="SendAsync{TResponse}"/>.
/// </summary>
internal sealed class OrganizationsClient : GlobalServiceClient<OrganizationsEndpointResolver>
{
    public OrganizationsClient(AWSCredentials credentials, OrganizationsConfig config)
        : base(credentials, config)
    {
    }

    /// <summary>One page of the organization's accounts (its management account included).</summary>
    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, OrganizationsResultReaders.ListAccounts, cancellationToken);

    public Task<DescribeOrganizationResponse> DescribeOrganizationAsync(DescribeOrganizationRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, OrganizationsResultReaders.DescribeOrganization, cancellationToken);

    /// <summary>
    /// Sends any <see cref="OrganizationsRequest"/>; <paramref name="readResult"/> maps the body's JSON object.
    /// Internal so the tests can add operations the product does not ship (CreateOrganization, CreateAccount).
    /// </summary>
    internal Task<TResponse> SendAsync<TResponse>(OrganizationsRequest request, Func<JsonElement, TResponse> readResult, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new InvokeOptions
        {
            RequestMarshaller = OrganizationsRequestMarshaller.Instance,
            ResponseUnmarshaller = new OrganizationsResponseUnmarshaller<TResponse>(readResult),
        };
        return InvokeAsync<TResponse>(request, options, cancellationToken);
    }
}
