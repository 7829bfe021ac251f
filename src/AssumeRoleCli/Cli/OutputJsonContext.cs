using System.Text.Json.Serialization;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>Source-generated JSON for every result printed with --output json (no reflection: Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateRoleResult))]
[JsonSerializable(typeof(LaunchInstanceResult))]
[JsonSerializable(typeof(TeardownResult))]
[JsonSerializable(typeof(TeardownAccountsResult))]
[JsonSerializable(typeof(AccountsStatusReport))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(PlanDocument))]
[JsonSerializable(typeof(AccountResultsDocument))]
internal sealed partial class OutputJsonContext : JsonSerializerContext;
