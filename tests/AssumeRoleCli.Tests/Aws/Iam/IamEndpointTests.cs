using System.Collections;
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
    public void ResolveEndpoint_Region_UsesPartitionGlobalEndpointAndPinsSigningRegion(
        string region, string expectedUrl, string expectedSigningRegion)
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters { Region = region });

        Assert.Equal(expectedUrl, endpoint.URL);
        AssertSigV4(endpoint, expectedSigningRegion);
    }

    [Theory]
    [InlineData(null, "us-east-1")]
    [InlineData("eu-central-1", "us-east-1")]
    [InlineData("cn-north-1", "cn-north-1")]
    [InlineData("us-gov-east-1", "us-gov-west-1")]
    public void ResolveEndpoint_Override_UsesItAndStillPinsPartitionSigningRegion(string? region, string expectedSigningRegion)
    {
        var parameters = new IamEndpointParameters { Region = region, Endpoint = "http://127.0.0.1:5000/" };

        var endpoint = new IamEndpointProvider().ResolveEndpoint(parameters);

        Assert.Equal("http://127.0.0.1:5000/", endpoint.URL);
        AssertSigV4(endpoint, expectedSigningRegion);
    }

    [Fact]
    public void ResolveEndpoint_Fips_UsesFipsEndpoint()
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters { Region = "us-west-2", UseFIPS = true });

        Assert.Equal("https://iam-fips.amazonaws.com", endpoint.URL);
        AssertSigV4(endpoint, "us-east-1");
    }

    [Fact]
    public void ResolveEndpoint_NoRegionNoOverride_Throws()
    {
        Assert.Throws<AmazonClientException>(() => new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters()));
    }

    [Fact]
    public void ResolveEndpoint_FipsWithOverride_Throws()
    {
        var parameters = new IamEndpointParameters { Endpoint = "https://example.com", UseFIPS = true };

        Assert.Throws<AmazonClientException>(() => new IamEndpointProvider().ResolveEndpoint(parameters));
    }

    [Fact]
    public void DetermineServiceOperationEndpoint_WithRegion_GoesThroughResolverAndProvider()
    {
        var config = new IamConfig { RegionEndpoint = RegionEndpoint.EUWest1 };

        var endpoint = config.DetermineServiceOperationEndpoint(
            new ServiceOperationEndpointParameters(new GetRoleRequest { RoleName = "r" }));

        Assert.Equal("https://iam.amazonaws.com/", endpoint.URL);
        AssertSigV4(endpoint, "us-east-1");
    }

    [Fact]
    public void DetermineServiceOperationEndpoint_WithServiceUrl_UsesOverride()
    {
        var config = new IamConfig { ServiceURL = "http://localhost:4566" };
        config.Validate();

        var endpoint = config.DetermineServiceOperationEndpoint(
            new ServiceOperationEndpointParameters(new GetRoleRequest { RoleName = "r" }));

        Assert.Equal("http://localhost:4566/", endpoint.URL);
        AssertSigV4(endpoint, "us-east-1");
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
    {
        var schemes = Assert.IsAssignableFrom<IList>(endpoint.Attributes["authSchemes"]);
        var scheme = Assert.IsType<PropertyBag>(Assert.Single(schemes.Cast<object>()));
        Assert.Equal("sigv4", scheme["name"]);
        Assert.Equal("iam", scheme["signingName"]);
        Assert.Equal(signingRegion, scheme["signingRegion"]);
    }
}
