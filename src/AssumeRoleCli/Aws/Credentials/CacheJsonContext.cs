using System.Text.Json.Serialization;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>A cache file of the AWS CLI: AssumeRole's response as botocore stores it. Holds secrets.</summary>
internal sealed record CachedAssumeRole(CachedCredentials? Credentials, CachedRoleUser? AssumedRoleUser, CachedResponseMetadata? ResponseMetadata);

internal sealed record CachedCredentials(string? AccessKeyId, string? SecretAccessKey, string? SessionToken, string? Expiration);

internal sealed record CachedRoleUser(string? Arn, string? AssumedRoleId);

internal sealed record CachedResponseMetadata(int HttpStatusCode);

/// <summary>Source-generated JSON for the AWS CLI's cache files (PascalCase, as botocore writes them).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedAssumeRole))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
