using System.Text.Json;
using System.Text.Json.Serialization;

namespace AssumeRoleCli.State;

/// <summary>
/// What this tool created, like terraform.tfstate: enough to find it again, never a secret.
/// </summary>
public sealed record StateDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public RoleRecord? Role { get; init; }

    public IReadOnlyList<LaunchRecord> Launches { get; init; } = [];

    /// <summary>Fields this version does not know (written by a later release of the same version), kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }

    public static StateDocument Empty { get; } = new();
}

/// <summary>The role made by create-role; <see cref="ChangedAt"/> tells later commands whether IAM may still be propagating it.</summary>
public sealed record RoleRecord(
    string Arn,
    string Name,
    string AccountId,
    string SourceAccountId,
    IReadOnlyList<string> PolicyArns,
    DateTimeOffset? ChangedAt = null)
{
    /// <summary>Fields this version does not know, kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }
}

/// <summary>
/// One RunInstances call. Written with its client token before the call, so a rerun after a crash reuses the
/// token and EC2 launches nothing twice; the instance ids are added the moment RunInstances answers.
/// </summary>
public sealed record LaunchRecord(
    string ClientToken,
    string RoleArn,
    string Region,
    int Count,
    IReadOnlyList<string> InstanceIds,
    DateTimeOffset StartedAt)
{
    /// <summary>Fields this version does not know, kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
