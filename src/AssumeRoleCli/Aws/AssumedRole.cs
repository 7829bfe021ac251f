using Amazon.Runtime;

namespace AssumeRoleCli.Aws;

/// <summary>Temporary credentials from AssumeRole. Holds secrets: never print it.</summary>
public sealed record AssumedRole(AWSCredentials Credentials, DateTime? Expiration, string AssumedRoleArn, string Account);
