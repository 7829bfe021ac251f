using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Aws.Organizations.Internal;
using AssumeRoleCli.Tests.Aws.Iam;

namespace AssumeRoleCli.Tests.Aws.Organizations;

/// <summary>
/// Our Organizations endpoint provider against AWS's own Organizations endpoint rules as botocore evaluates them:
/// organizations-endpoint-cases.json is written by <c>scripts/gen_iam_endpoint_table.py --service organizations</c>.
/// </summary>
public class OrganizationsEndpointRuleSetTests
{
    private static readonly string ServiceName = new OrganizationsConfig().AuthenticationServiceName;

    private static readonly Lazy<List<Case>> Cases = new(Case.LoadAll);

    [Fact]
    public void ResolveEndpoint_EveryBotocoreCase_GivesTheRuleSetsUrlSigningOrError()
    {
        var provider = new OrganizationsEndpointProvider();

        var mismatches = Cases.Value
            .Select(c => (Case: c, Actual: Resolve(provider, c)))
            .Where(r => r.Actual != r.Case.ExpectedOutcome)
            .Select(r => $"{r.Case}\n    expected {r.Case.ExpectedOutcome}\n    actual   {r.Actual}")
            .ToList();

        Assert.True(Cases.Value.Count > 200, $"only {Cases.Value.Count} cases");
        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {Cases.Value.Count} cases differ from botocore:\n{string.Join('\n', mismatches)}");
    }

    [Fact]
    public void SigningRegionFor_IsThePinnedRegion_UsEast1ForEveryAwsRegion_ElseNone()
    {
        var plain = Cases.Value.Where(c => c is { Region: not null, Endpoint: null, UseFips: false, UseDualStack: false, Error: null }).ToList();

        var mismatches = plain
            .Where(c => OrganizationsEndpointProvider.SigningRegionFor(c.Region!) != c.SigningRegion)
            .Select(c => $"{c.Region}: expected {c.SigningRegion ?? "(none)"}, got {OrganizationsEndpointProvider.SigningRegionFor(c.Region!) ?? "(none)"}")
            .ToList();

        Assert.Empty(mismatches);
        Assert.Equal("us-east-1", OrganizationsEndpointProvider.SigningRegionFor("eu-west-1"));
        Assert.Equal("cn-northwest-1", OrganizationsEndpointProvider.SigningRegionFor("cn-north-1"));
        Assert.Equal("us-gov-west-1", OrganizationsEndpointProvider.SigningRegionFor("us-gov-east-1"));
        Assert.Contains(plain, c => c.SigningRegion is null);
    }

    [Fact]
    public void CaseTable_CoversEveryPartitionAndFlag()
    {
        var partitions = Cases.Value.Where(c => c.Region is not null).Select(c => Fn.Partition(c.Region).name).ToHashSet();

        Assert.Superset(new HashSet<string> { "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-f" }, partitions);
        Assert.Equal(4, Cases.Value.Select(c => (c.UseFips, c.UseDualStack)).Distinct().Count());
        Assert.Contains(Cases.Value, c => c.Endpoint is not null && c.Url is not null);
    }

    private static string Resolve(OrganizationsEndpointProvider provider, Case c)
    {
        var parameters = new OrganizationsEndpointParameters { Region = c.Region, UseFIPS = c.UseFips, UseDualStack = c.UseDualStack, Endpoint = c.Endpoint };
        try
        {
            var endpoint = provider.ResolveEndpoint(parameters);
            var signing = EndpointSigning.Of(endpoint, ServiceName);
            return signing.Scheme is not null and not "sigv4" ? $"unexpected auth scheme {signing.Scheme}" : Case.Outcome(endpoint.URL, signing.Region, signing.Name);
        }
        catch (AmazonClientException ex)
        {
            return Case.ErrorOutcome(ex.Message);
        }
    }

    /// <summary>One row of organizations-endpoint-cases.json.</summary>
    private sealed record Case(string? Region, bool UseFips, bool UseDualStack, string? Endpoint, string? Url, string? SigningRegion, string? SigningName, string? Error)
    {
        public string ExpectedOutcome => Error is null ? Outcome(Url, SigningRegion, SigningName) : ErrorOutcome(Error);

        public static string Outcome(string? url, string? signingRegion, string? signingName)
            => $"url={url} signingRegion={signingRegion ?? "(none)"} signingName={signingName}";

        public static string ErrorOutcome(string message) => $"error \"{message}\"";

        public static List<Case> LoadAll()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Aws", "Organizations", "organizations-endpoint-cases.json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("cases").EnumerateArray().Select(row => new Case(
                Text(row, "region"),
                row.GetProperty("useFIPS").GetBoolean(),
                row.GetProperty("useDualStack").GetBoolean(),
                Text(row, "endpoint"),
                Text(row, "url"),
                Text(row, "signingRegion"),
                Text(row, "signingName"),
                Text(row, "error"))).ToList();
        }

        public override string ToString()
            => $"Region={Region ?? "(unset)"} UseFIPS={UseFips} UseDualStack={UseDualStack} Endpoint={Endpoint ?? "(unset)"}";

        private static string? Text(JsonElement row, string name)
            => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
