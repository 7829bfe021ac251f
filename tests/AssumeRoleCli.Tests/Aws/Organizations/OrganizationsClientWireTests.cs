using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Aws.Organizations.Model;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Aws.Organizations;

/// <summary>
/// What goes over the wire (JSON 1.1: target header, body, signing scope) and what comes back (pages, errors, the
/// SDK's retries), against a scripted local HTTP server.
/// </summary>
public sealed class OrganizationsClientWireTests : IDisposable
{
    private const string TooManyRequests = """{"__type":"TooManyRequestsException","Message":"AWS Organizations can't complete your request because another request is already in progress. Try again later."}""";

    private readonly LoopbackHttpServer _server;
    private int _served;
    private readonly ConcurrentQueue<(int Status, string Body)> _script = new();
    private readonly ConcurrentQueue<(Dictionary<string, string?> Headers, string Body)> _received = new();

    public OrganizationsClientWireTests()
    {
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    [Fact]
    public async Task ListAccounts_IsJson11_NamedByTarget_SignedForOrganizationsInUsEast1()
    {
        _script.Enqueue((200, """{"Accounts":[{"Id":"012345678901","Name":"zero","Status":"ACTIVE","State":"ACTIVE"}]}"""));
        using var client = CreateClient();

        var page = await client.ListAccountsAsync(new ListAccountsRequest { MaxResults = 20 });

        var account = Assert.Single(page.Accounts);
        Assert.Equal("012345678901", account.Id);
        Assert.Null(page.NextToken);
        Assert.Equal("wire-1", page.ResponseMetadata.RequestId);
        var (headers, body) = Assert.Single(_received);
        Assert.Equal("AWSOrganizationsV20161128.ListAccounts", headers["X-Amz-Target"]);
        Assert.StartsWith("application/x-amz-json-1.1", headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/organizations/aws4_request", headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("api/Organizations#", headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("""{"MaxResults":20}""", body);
    }

    [Fact]
    public async Task ListAccounts_FollowsNextTokenThroughEveryPage_KeepingLeadingZerosAndTheOrder()
    {
        _script.Enqueue((200, Page(["000000000001", "000000000002"], "page-2")));
        _script.Enqueue((200, Page(["000000000003"], "page-3")));
        _script.Enqueue((200, Page(["000000000004"], nextToken: null)));
        using var client = CreateClient();

        var accounts = await new OrganizationsApi(client).ListAccountsAsync(CancellationToken.None);

        Assert.Equal(["000000000001", "000000000002", "000000000003", "000000000004"], accounts.Select(a => a.Id));
        var bodies = _received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, b => Assert.Equal(OrganizationsApi.PageSize, b.GetProperty("MaxResults").GetInt32()));
        Assert.False(bodies[0].TryGetProperty("NextToken", out _));
        Assert.Equal("page-2", bodies[1].GetProperty("NextToken").GetString());
        Assert.Equal("page-3", bodies[2].GetProperty("NextToken").GetString());
    }

    [Fact]
    public async Task ListAccounts_ReadsStateAndFallsBackToTheRetiredStatus()
    {
        _script.Enqueue((200, """{"Accounts":[{"Id":"111111111111","Name":"a","State":"SUSPENDED","Status":"ACTIVE"},{"Id":"222222222222","Name":"b","Status":"PENDING_CLOSURE"}]}"""));
        using var client = CreateClient();

        var accounts = await new OrganizationsApi(client).ListAccountsAsync(CancellationToken.None);

        Assert.Equal([new OrganizationAccount("111111111111", "a", "SUSPENDED"), new OrganizationAccount("222222222222", "b", "PENDING_CLOSURE")], accounts);
        Assert.All(accounts, a => Assert.False(a.IsActive));
    }

    [Fact]
    public async Task AnAccountIdThatIsNotTwelveDigits_IsRefusedAsNotAws()
    {
        _script.Enqueue((200, """{"Accounts":[{"Id":"12345","Name":"short","State":"ACTIVE"}]}"""));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<UnexpectedAwsResponseException>(() => new OrganizationsApi(client).ListAccountsAsync(CancellationToken.None));

        Assert.Contains("'12345'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeOrganization_GivesTheManagementAccount()
    {
        _script.Enqueue((200, """{"Organization":{"Id":"o-abcdefghij","MasterAccountId":"098765432109","FeatureSet":"ALL"}}"""));
        using var client = CreateClient();

        var organization = await new OrganizationsApi(client).DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal(new AwsOrganization("o-abcdefghij", "098765432109"), organization);
        var (headers, body) = Assert.Single(_received);
        Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", headers["X-Amz-Target"]);
        Assert.Equal("{}", body);
    }

    [Fact]
    public async Task TooManyRequests_IsThrottling_RetriedByTheSdkThenSucceeds()
    {
        _script.Enqueue((400, TooManyRequests));
        _script.Enqueue((200, Page(["123456789012"], nextToken: null)));
        // No retries for other errors: only the throttling allowance can make the second attempt.
        using var client = CreateClient(maxErrorRetry: 0);

        var accounts = await new OrganizationsApi(client).ListAccountsAsync(CancellationToken.None);

        Assert.Equal("123456789012", Assert.Single(accounts).Id);
        Assert.Equal(2, _received.Count);
    }

    [Fact]
    public void TheSdksStandardRetryPolicy_CountsTooManyRequestsAsThrottling()
    {
        var policy = new StandardRetryPolicy(new OrganizationsConfig { RegionEndpoint = Amazon.RegionEndpoint.USEast1 });
        var error = new OrganizationsServiceException("slow down", null, ErrorType.Sender, "TooManyRequestsException", "r", HttpStatusCode.BadRequest);

        Assert.True(policy.IsThrottlingError(error));
        Assert.True(error.IsIn(AwsErrorCodes.Throttled));
    }

    [Fact]
    public async Task NotInAnOrganization_SurfacesItsCode_WithoutRetries()
    {
        _script.Enqueue((400, """{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}"""));
        using var client = CreateClient(maxErrorRetry: 2);

        var error = await Assert.ThrowsAsync<OrganizationsServiceException>(() => new OrganizationsApi(client).ListAccountsAsync(CancellationToken.None));

        Assert.Equal(AwsErrorCodes.OrganizationsNotInUse, error.ErrorCode);
        Assert.Equal("Your account is not a member of an organization.", error.Message);
        Assert.Equal("wire-1", error.RequestId);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(_received);
        Assert.Contains("not in an organization", AwsErrorCodes.Describe(error), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    private static string Page(string[] ids, string? nextToken) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Accounts"] = ids.Select(id => new Dictionary<string, string> { ["Id"] = id, ["Name"] = "n" + id, ["State"] = "ACTIVE" }).ToList(),
            ["NextToken"] = nextToken,
        });

    private OrganizationsClient CreateClient(int maxErrorRetry = 0)
        => new(
            new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            new OrganizationsConfig { ServiceURL = _server.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = maxErrorRetry });

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        _received.Enqueue((headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => headers[k], StringComparer.OrdinalIgnoreCase), body));
        var (status, responseBody) = _script.TryDequeue(out var next) ? next : (500, """{"__type":"ServiceException","Message":"unscripted"}""");
        var bytes = Encoding.UTF8.GetBytes(responseBody);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = $"wire-{Interlocked.Increment(ref _served)}";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

}
