using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Internal;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// Our IAM endpoint provider against AWS's own IAM endpoint rules as botocore evaluates them:
/// iam-endpoint-cases.json is written by scripts/gen_iam_endpoint_table.py (rerun it after a botocore upgrade).
/// </summary>
public class IamEndpointRuleSetTests
{
    private static readonly string ServiceName = new IamConfig().AuthenticationServiceName;

    private static readonly Lazy<List<RuleSetCase>> Cases = new(RuleSetCase.LoadAll);

    [Fact]
    public void ResolveEndpoint_EveryBotocoreCase_GivesTheRuleSetsUrlSigningOrError()
    {
        var provider = new IamEndpointProvider();

        var mismatches = Cases.Value
            .Select(c => (Case: c, Actual: Resolve(provider, c)))
            .Where(r => r.Actual != r.Case.ExpectedOutcome)
            .Select(r => $"{r.Case}\n    expected {r.Case.ExpectedOutcome}\n    actual   {r.Actual}")
            .ToList();

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {Cases.Value.Count} cases differ from botocore:\n{string.Join('\n', mismatches)}");
    }

    [Fact]
    public void SigningRegionFor_EveryRegion_IsTheRulesSigningRegion_SoAnOverrideIsSignedTheSame()
    {
        var plain = Cases.Value.Where(c => c is { Region: not null, Endpoint: null, UseFips: false, UseDualStack: false, Error: null }).ToList();

        var mismatches = plain
            .Where(c => IamEndpointProvider.SigningRegionFor(c.Region!) != c.SigningRegion)
            .Select(c => $"{c.Region}: expected {c.SigningRegion}, got {IamEndpointProvider.SigningRegionFor(c.Region!)}")
            .ToList();

        Assert.True(plain.Count > 20, $"only {plain.Count} plain cases");
        Assert.Empty(mismatches);
        Assert.Equal("cn-north-1", IamEndpointProvider.SigningRegionFor("cn-northwest-1"));
        Assert.Equal("us-gov-west-1", IamEndpointProvider.SigningRegionFor("us-gov-east-1"));
    }

    [Fact]
    public void CaseTable_CoversEveryPartitionEveryFlagAndEveryRuleError()
    {
        var cases = Cases.Value;

        var partitions = cases.Where(c => c.Region is not null).Select(c => Fn.Partition(c.Region).name).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc" },
            partitions);
        Assert.Equal(4, cases.Select(c => (c.UseFips, c.UseDualStack)).Distinct().Count());
        Assert.Contains(cases, c => c.Region == "us-isof-east-1" && c.Url is not null);
        Assert.Contains(cases, c => c.Region is null && c.Endpoint is null && c.Error is not null);
        Assert.Contains(cases, c => c.Endpoint is not null && c.Url is not null);
        Assert.Contains(cases, c => c.Error == "Invalid Configuration: FIPS and custom endpoint are not supported");
        Assert.Contains(cases, c => c.Error == "Invalid Configuration: Dualstack and custom endpoint are not supported");
    }

    private static string Resolve(IamEndpointProvider provider, RuleSetCase c)
    {
        var parameters = new IamEndpointParameters
        {
            Region = c.Region,
            UseFIPS = c.UseFips,
            UseDualStack = c.UseDualStack,
            Endpoint = c.Endpoint,
        };
        try
        {
            var endpoint = provider.ResolveEndpoint(parameters);
            var signing = EndpointSigning.Of(endpoint, ServiceName);
            if (signing.Scheme is not null and not "sigv4")
            {
                return $"unexpected auth scheme {signing.Scheme}";
            }

            return RuleSetCase.Outcome(endpoint.URL, signing.Region, signing.Name);
        }
        catch (AmazonClientException ex)
        {
            return RuleSetCase.ErrorOutcome(ex.Message);
        }
    }

    /// <summary>One row of iam-endpoint-cases.json.</summary>
    private sealed record RuleSetCase(
        string? Region, bool UseFips, bool UseDualStack, string? Endpoint,
        string? Url, string? SigningRegion, string? SigningName, string? Error)
    {
        public string ExpectedOutcome => Error is null ? Outcome(Url, SigningRegion, SigningName) : ErrorOutcome(Error);

        public static string Outcome(string? url, string? signingRegion, string? signingName)
            => $"url={url} signingRegion={signingRegion ?? "(none)"} signingName={signingName}";

        public static string ErrorOutcome(string message) => $"error \"{message}\"";

        public static List<RuleSetCase> LoadAll()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Aws", "Iam", "iam-endpoint-cases.json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("cases").EnumerateArray().Select(FromJson).ToList();
        }

        public override string ToString()
            => $"Region={Region ?? "(unset)"} UseFIPS={UseFips} UseDualStack={UseDualStack} Endpoint={Endpoint ?? "(unset)"}";

        private static RuleSetCase FromJson(JsonElement row) => new(
            OptionalString(row, "region"),
            row.GetProperty("useFIPS").GetBoolean(),
            row.GetProperty("useDualStack").GetBoolean(),
            OptionalString(row, "endpoint"),
            OptionalString(row, "url"),
            OptionalString(row, "signingRegion"),
            OptionalString(row, "signingName"),
            OptionalString(row, "error"));

        private static string? OptionalString(JsonElement row, string name)
            => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
