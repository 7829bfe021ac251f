using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Internal;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Tests.Aws.Iam;

public class IamEndpointTests
{
    [Theory]
    [InlineData("us-east-1", "https://iam.amazonaws.com", "us-east-1")]
    [InlineData("eu-west-1", "https://iam.amazonaws.com", "us-east-1")]
    [InlineData("ap-southeast-2", "https://iam.amazonaws.com", "us-east-1")]
    [InlineData("cn-north-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("us-gov-west-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
    [InlineData("us-iso-west-1", "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1")]
    [InlineData("us-isof-east-1", "https://iam.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1")]
    [InlineData("eu-isoe-west-1", "https://iam.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1")]
    public void ResolveEndpoint_Region_UsesPartitionGlobalEndpointAndPinsSigningRegion(
        string region, string expectedUrl, string expectedSigningRegion)
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters { Region = region });

        Assert.Equal(expectedUrl, endpoint.URL);
        AssertSigV4(endpoint, expectedSigningRegion);
    }

    [Theory]
    [InlineData("us-east-1", "https://iam.global.api.aws", "us-east-1")]
    [InlineData("eu-west-1", "https://iam.global.api.aws", "us-east-1")]
    [InlineData("cn-northwest-1", "https://iam.global.api.amazonwebservices.com.cn", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.api.aws", "us-gov-west-1")]
    [InlineData("us-iso-east-1", "https://iam.api.aws.ic.gov", "us-iso-east-1")]
    public void ResolveEndpoint_DualStack_UsesPartitionDualStackEndpoint(
        string region, string expectedUrl, string expectedSigningRegion)
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(
            new IamEndpointParameters { Region = region, UseDualStack = true });

        Assert.Equal(expectedUrl, endpoint.URL);
        AssertSigV4(endpoint, expectedSigningRegion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("eu-central-1")]
    [InlineData("cn-north-1")]
    public void ResolveEndpoint_Override_UsesItWithoutAuthSchemesAsTheRulesSay(string? region)
    {
        var parameters = new IamEndpointParameters { Region = region, Endpoint = "http://127.0.0.1:5000/" };

        var endpoint = new IamEndpointProvider().ResolveEndpoint(parameters);

        Assert.Equal("http://127.0.0.1:5000/", endpoint.URL);
        Assert.Null(EndpointSigning.Of(endpoint, "iam").Scheme);
    }

    [Theory]
    [InlineData("us-west-2", "https://iam-fips.amazonaws.com", "us-east-1")]
    [InlineData("us-gov-west-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
    [InlineData("us-isob-east-1", "https://iam-fips.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1")]
    public void ResolveEndpoint_Fips_UsesFipsEndpoint(string region, string expectedUrl, string expectedSigningRegion)
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters { Region = region, UseFIPS = true });

        Assert.Equal(expectedUrl, endpoint.URL);
        AssertSigV4(endpoint, expectedSigningRegion);
    }

    [Fact]
    public void ResolveEndpoint_NoRegionNoOverride_ThrowsTheRulesMissingRegionError()
    {
        var error = Assert.Throws<AmazonClientException>(
            () => new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters()));

        Assert.Equal("Invalid Configuration: Missing Region", error.Message);
    }

    [Theory]
    [InlineData(true, false, "Invalid Configuration: FIPS and custom endpoint are not supported")]
    [InlineData(true, true, "Invalid Configuration: FIPS and custom endpoint are not supported")]
    [InlineData(false, true, "Invalid Configuration: Dualstack and custom endpoint are not supported")]
    public void ResolveEndpoint_FipsOrDualStackWithOverride_ThrowsTheRulesError(bool useFips, bool useDualStack, string expected)
    {
        var parameters = new IamEndpointParameters
        {
            Region = "us-east-1",
            Endpoint = "https://example.com",
            UseFIPS = useFips,
            UseDualStack = useDualStack,
        };

        var error = Assert.Throws<AmazonClientException>(() => new IamEndpointProvider().ResolveEndpoint(parameters));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void DetermineServiceOperationEndpoint_WithRegion_GoesThroughResolverAndProvider()
    {
        var config = new IamConfig { RegionEndpoint = RegionEndpoint.EUWest1, UseFIPSEndpoint = false, UseDualstackEndpoint = false };

        var endpoint = config.DetermineServiceOperationEndpoint(
            new ServiceOperationEndpointParameters(new GetRoleRequest { RoleName = "r" }));

        Assert.Equal("https://iam.amazonaws.com/", endpoint.URL);
        AssertSigV4(endpoint, "us-east-1");
    }

    [Fact]
    public void DetermineServiceOperationEndpoint_WithServiceUrl_UsesOverride()
    {
        var config = new IamConfig { ServiceURL = "http://localhost:4566", UseFIPSEndpoint = false, UseDualstackEndpoint = false };
        config.Validate();

        var endpoint = config.DetermineServiceOperationEndpoint(
            new ServiceOperationEndpointParameters(new GetRoleRequest { RoleName = "r" }));

        Assert.Equal("http://localhost:4566/", endpoint.URL);
        Assert.Null(EndpointSigning.Of(endpoint, "iam").Scheme);
    }

    [Fact]
    public void Config_HasIamServiceIdentity()
    {
        var config = new IamConfig();

        Assert.Equal("IAM", config.ServiceId);
        Assert.Equal("iam", config.RegionEndpointServiceName);
        Assert.Equal("iam", config.AuthenticationServiceName);
        Assert.Equal("2010-05-08", config.ServiceVersion);
        Assert.Contains("api/IAM#", config.UserAgent, StringComparison.Ordinal);
        Assert.IsType<IamEndpointProvider>(config.EndpointProvider);
    }

    [Fact]
    public void Validate_ExplicitServiceUrl_IsKeptWhenRegionIsReadAfterwards()
    {
        var config = new IamConfig { ServiceURL = "http://127.0.0.1:5000" };

        config.Validate();
        _ = config.RegionEndpoint;

        Assert.Equal("http://127.0.0.1:5000/", config.ServiceURL);
        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
    }

    private static void AssertSigV4(Endpoint endpoint, string signingRegion)
        => Assert.Equal(new EndpointSigning("sigv4", signingRegion, "iam"), EndpointSigning.Of(endpoint, "iam"));
}
