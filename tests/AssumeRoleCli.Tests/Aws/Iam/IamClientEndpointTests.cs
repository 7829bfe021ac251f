using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// The client config really reaches the endpoint rules: a whole IamClient call, with the request caught at the
/// HTTP layer (where it would leave the machine) and answered with a canned IAM response.
/// </summary>
public class IamClientEndpointTests
{
    private const string GetRoleXml = """
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><RoleName>r1</RoleName><Arn>arn:aws:iam::123456789012:role/r1</Arn></Role></GetRoleResult><ResponseMetadata><RequestId>endpoint-1</RequestId></ResponseMetadata></GetRoleResponse>
        """;

    [Fact]
    public async Task GetRole_DualStackWithoutOverride_GoesToIamGlobalApiAwsSignedForUsEast1()
    {
        var http = new RecordingHttpClientFactory();
        using var iam = CreateClient(http, new IamConfig { RegionEndpoint = RegionEndpoint.EUWest1, UseFIPSEndpoint = false, UseDualstackEndpoint = true });

        var response = await iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" });

        Assert.Equal("r1", response.Role.RoleName);
        var request = Assert.Single(http.Requests);
        Assert.Equal("https://iam.global.api.aws/", request.Url);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cn-north-1", false, true, "https://iam.global.api.amazonwebservices.com.cn/", "cn-north-1")]
    [InlineData("us-west-2", true, false, "https://iam-fips.amazonaws.com/", "us-east-1")]
    [InlineData("us-gov-east-1", true, true, "https://iam.us-gov.api.aws/", "us-gov-west-1")]
    [InlineData("us-isof-east-1", false, false, "https://iam.us-isof-south-1.csp.hci.ic.gov/", "us-isof-south-1")]
    public async Task GetRole_RegionAndFlags_GoToTheRulesEndpointAndSigningRegion(
        string region, bool useFips, bool useDualStack, string expectedUrl, string expectedSigningRegion)
    {
        var http = new RecordingHttpClientFactory();
        var config = new IamConfig
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(region),
            UseFIPSEndpoint = useFips,
            UseDualstackEndpoint = useDualStack,
        };
        using var iam = CreateClient(http, config);

        await iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" });

        var request = Assert.Single(http.Requests);
        Assert.Equal(expectedUrl, request.Url);
        Assert.Contains($"/{expectedSigningRegion}/iam/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "Invalid Configuration: FIPS and custom endpoint are not supported")]
    [InlineData(false, true, "Invalid Configuration: Dualstack and custom endpoint are not supported")]
    public async Task GetRole_ServiceUrlWithFipsOrDualStack_FailsWithTheRulesErrorAndSendsNothing(
        bool useFips, bool useDualStack, string expected)
    {
        var http = new RecordingHttpClientFactory();
        var config = new IamConfig
        {
            RegionEndpoint = RegionEndpoint.USEast1,
            ServiceURL = "https://iam.example.internal",
            UseFIPSEndpoint = useFips,
            UseDualstackEndpoint = useDualStack,
        };
        using var iam = CreateClient(http, config);

        var error = await Assert.ThrowsAsync<AmazonClientException>(
            () => iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" }));

        Assert.Equal(expected, error.Message);
        Assert.Empty(http.Requests);
    }

    [Theory]
    [InlineData(null, "us-east-1")]
    [InlineData("cn-north-1", "cn-north-1")]
    public async Task GetRole_ServiceUrl_GoesThereSignedAsTheSdkSignsOverrides(string? authenticationRegion, string expectedSigningRegion)
    {
        // The rules give an override no signing region: like the SDK's generated clients, it is then
        // AuthenticationRegion, else the region in the URL, else us-east-1 (not the client's region).
        var http = new RecordingHttpClientFactory();
        var config = new IamConfig
        {
            RegionEndpoint = RegionEndpoint.CNNorth1,
            ServiceURL = "https://iam.example.internal",
            AuthenticationRegion = authenticationRegion,
            UseFIPSEndpoint = false,
            UseDualstackEndpoint = false,
        };
        using var iam = CreateClient(http, config);

        await iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" });

        var request = Assert.Single(http.Requests);
        Assert.Equal("https://iam.example.internal/", request.Url);
        Assert.Contains($"/{expectedSigningRegion}/iam/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    private static IamClient CreateClient(RecordingHttpClientFactory http, IamConfig config)
    {
        config.HttpClientFactory = http;
        config.MaxErrorRetry = 0;
        // Only what the test sets: no AWS_ENDPOINT_URL* or profile endpoint_url from this machine.
        config.IgnoreConfiguredEndpointUrls = true;
        return new IamClient(
            new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), config);
    }

    /// <summary>Gives the SDK an HttpClient that records each request and answers with a GetRole response.</summary>
    private sealed class RecordingHttpClientFactory : HttpClientFactory
    {
        public ConcurrentQueue<(string? Url, string Authorization)> Requests { get; } = new();

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CannedIamHandler(this));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        private sealed class CannedIamHandler(RecordingHttpClientFactory factory) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "";
                factory.Requests.Enqueue((request.RequestUri?.AbsoluteUri, authorization));
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(GetRoleXml, Encoding.UTF8, "text/xml"),
                });
            }
        }
    }
}
