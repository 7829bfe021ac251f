using System.Web;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Aws.Signin;

namespace AssumeRoleCli.Tests.Aws.Signin;

public sealed class ConsoleEndpointsTests
{
    [Theory]
    [InlineData("aws", "https://signin.aws.amazon.com/federation", "console.aws.amazon.com")]
    [InlineData("aws-us-gov", "https://signin.amazonaws-us-gov.com/federation", "console.amazonaws-us-gov.com")]
    [InlineData("aws-cn", "https://signin.amazonaws.cn/federation", "console.amazonaws.cn")]
    public void EachPartition_HasItsOwnFederationEndpointAndConsole(string partition, string federation, string console)
    {
        var endpoints = ConsoleEndpoints.For(partition, null);

        Assert.Equal((federation, console), (endpoints.Federation.ToString(), endpoints.ConsoleDomain));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/federation")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/federation")]
    [InlineData("https://proxy.example.com/aws/signin/", "https://proxy.example.com/aws/signin/federation")]
    public void AnOverride_IsTheBaseUrl_TheFederationPathAfterIt_AndKeepsThePartitionsConsole(string value, string federation)
    {
        var endpoints = ConsoleEndpoints.For("aws-us-gov", ConsoleEndpoints.ParseOverride(value));

        Assert.Equal((federation, "console.amazonaws-us-gov.com"), (endpoints.Federation.ToString(), endpoints.ConsoleDomain));
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("file:///tmp/x")]
    [InlineData("http://127.0.0.1:8080/?Action=login")]
    public void AnOverrideThatIsNoHttpBaseUrl_IsRefused(string value)
    {
        var refused = Assert.Throws<AwsConfigurationException>(() => ConsoleEndpoints.ParseOverride(value));

        Assert.StartsWith($"AWS_ENDPOINT_URL_SIGNIN '{value}' is not an http(s) base URL", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAwsCliVariables_AreRead_AndIgnoreConfiguredEndpointUrlsIsHonoured()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SIGNIN"] = "http://127.0.0.1:9/" };

        Assert.Equal("http://127.0.0.1:9/", AwsEnvironment.FromVariables(variables.GetValueOrDefault, "/home/x").SigninEndpoint);
        variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Null(AwsEnvironment.FromVariables(variables.GetValueOrDefault, "/home/x").SigninEndpoint);
    }

    [Fact]
    public void TheLoginUrl_CarriesActionIssuerDestinationAndToken_EachEscaped()
    {
        var endpoints = ConsoleEndpoints.For("aws", null);
        var destination = endpoints.Destination("us-east-2", "ec2");

        var url = new Uri(endpoints.LoginUrl("tok+en/with=odd&chars", destination));

        Assert.Equal("https://signin.aws.amazon.com/federation", url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(["Action", "Issuer", "Destination", "SigninToken"], query.AllKeys.Select(key => key!));
        Assert.Equal(
            ("login", "assumerole", "https://us-east-2.console.aws.amazon.com/ec2/home?region=us-east-2", "tok+en/with=odd&chars"),
            (query["Action"]!, query["Issuer"]!, query["Destination"]!, query["SigninToken"]!));
    }

    [Fact]
    public void WithoutAService_TheDestinationIsTheConsoleHome()
    {
        Assert.Equal(
            "https://cn-northwest-1.console.amazonaws.cn/console/home?region=cn-northwest-1",
            ConsoleEndpoints.For("aws-cn", null).Destination("cn-northwest-1", null).ToString());
    }
}
