using AssumeRoleCli.Aws.Iam;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>Process environment is global: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(IamEnvironmentSerial), DisableParallelization = true)]
public sealed class IamEnvironmentSerial;

[Collection(nameof(IamEnvironmentSerial))]
public class IamConfigEnvironmentTests
{
    [Theory]
    [InlineData("AWS_ENDPOINT_URL_IAM")]
    [InlineData("AWS_ENDPOINT_URL")]
    public void Validate_EndpointUrlFromEnvironment_SurvivesLaterRegionReads(string variable)
    {
        using var env = new EnvironmentScope(new()
        {
            [variable] = "http://127.0.0.1:4599",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });
        var config = new IamConfig();

        config.Validate();
        _ = config.RegionEndpoint;
        _ = config.RetryMode;

        Assert.Equal("http://127.0.0.1:4599/", config.ServiceURL);
        Assert.Equal("eu-west-1", config.RegionEndpoint?.SystemName);
    }

    private sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = [];

        public EnvironmentScope(Dictionary<string, string> values)
        {
            foreach (var (name, value) in values)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
