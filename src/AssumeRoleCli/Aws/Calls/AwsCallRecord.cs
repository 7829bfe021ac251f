namespace AssumeRoleCli.Aws.Calls;

/// <summary>
/// One attempt of one AWS call, as the SDK's pipeline saw it. Holds no secret: the access key id is already masked.
/// </summary>
/// <param name="Service">The IAM action prefix of the service: sts, iam, ec2.</param>
/// <param name="Operation">The API operation, e.g. RunInstances.</param>
/// <param name="Region">The region the command works in.</param>
/// <param name="Identity">Who called: "assume_role in 210987654321" once STS has said so, else "profile source".</param>
/// <param name="MaskedAccessKeyId">The signing key's first and last four characters, e.g. AKIA...MPLE.</param>
/// <param name="Attempt">1 for the first try; retries count up.</param>
/// <param name="HttpStatus">Null when no HTTP answer came (connection refused, timeout).</param>
/// <param name="ErrorCode">AWS's error code, or null on success or without an AWS answer.</param>
/// <param name="Failure">What went wrong without an AWS answer (the network), else null.</param>
public sealed record AwsCallRecord(
    string Service,
    string Operation,
    string Region,
    string Identity,
    string? MaskedAccessKeyId,
    int Attempt,
    int? HttpStatus,
    TimeSpan Elapsed,
    string? RequestId,
    string? ErrorCode,
    string? Failure)
{
    /// <summary>The operation as IAM policies name it: ec2:RunInstances.</summary>
    public string Action => $"{Service}:{Operation}";

    /// <summary>"AKIA...MPLE": an access key id cut to its first and last four characters; short ids keep only four.</summary>
    public static string MaskAccessKeyId(string accessKeyId) =>
        accessKeyId.Length >= 12 ? $"{accessKeyId[..4]}...{accessKeyId[^4..]}" : $"{accessKeyId[..Math.Min(4, accessKeyId.Length)]}...";

    /// <summary>"assume_role in 210987654321" from a caller or assumed-role ARN; null when it is not an ARN.</summary>
    public static string? IdentityFromArn(string? arn)
    {
        var parts = arn?.Split(':', 6);
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[4].Length == 0)
        {
            return null;
        }

        // user/path/alice -> alice; assumed-role/assume_role/session -> assume_role; root -> root.
        var resource = parts[5].Split('/');
        var name = resource[0] switch
        {
            "assumed-role" when resource.Length > 1 => resource[1],
            _ => resource[^1],
        };
        return $"{name} in {parts[4]}";
    }
}
