using System.Runtime.ExceptionServices;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The SDK's STS credential calls wrap STS's answer as "Error calling AssumeRole for role ..."; this says what STS
/// said, for which profile and role, in one line, and lets anything else (e.g. an unreachable endpoint) through as itself.
/// </summary>
internal static class AssumeRoleFailures
{
    public static async Task<T> ExplainedAsync<T>(string profileName, string roleArn, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonClientException wrapper) when (wrapper.InnerException is AmazonServiceException refused)
        {
            throw new AwsConfigurationException(
                $"Profile '{profileName}' could not assume {roleArn}: AWS error {refused.ErrorCode}: {AwsErrorCodes.OneLine(refused.Message)}", refused);
        }
        catch (AmazonClientException wrapper) when (wrapper.InnerException is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
