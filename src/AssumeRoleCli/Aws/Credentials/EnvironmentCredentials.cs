using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// Keys given in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN). Holds secrets: its
/// <see cref="ToString"/> names the variables, never their values.
/// </summary>
public sealed class EnvironmentCredentials
{
    public const string Description = "credentials from the environment";

    public EnvironmentCredentials(string? accessKeyId, string? secretAccessKey, string? sessionToken = null)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
    }

    public string? AccessKeyId { get; }

    public string? SecretAccessKey { get; }

    public string? SessionToken { get; }

    /// <summary>Null when neither key is set: the environment holds no credentials.</summary>
    public static EnvironmentCredentials? FromVariables(string? accessKeyId, string? secretAccessKey, string? sessionToken) =>
        accessKeyId is null && secretAccessKey is null ? null : new(accessKeyId, secretAccessKey, sessionToken);

    /// <summary>The SDK credentials, or one line saying which variable is missing (the AWS CLI refuses half a pair too).</summary>
    public AWSCredentials ToAwsCredentials()
    {
        if (AccessKeyId is null || SecretAccessKey is null)
        {
            var missing = AccessKeyId is null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
            var present = AccessKeyId is null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
            throw new AwsConfigurationException($"{present} is set but {missing} is not: set both to use {Description}, or unset both.");
        }

        return SessionToken is null
            ? new BasicAWSCredentials(AccessKeyId, SecretAccessKey)
            : new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);
    }

    public override string ToString() => $"{Description} (AWS_ACCESS_KEY_ID{(SessionToken is null ? "" : ", AWS_SESSION_TOKEN")})";
}
