namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// A profile, the environment's credentials or the region cannot give a usable AWS session (a missing key, a loop of
/// source_profile links, a refused AssumeRole, no cached SSO token...). Its message is one line naming what and what
/// to do; <c>Cli/ErrorReport</c> prints it and turns it into the exit code.
/// </summary>
public class AwsConfigurationException : Exception
{
    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A region name that is not one (from --region, AWS_REGION or a profile): bad input, refused before anything is done.</summary>
public sealed class InvalidRegionNameException : AwsConfigurationException
{
    public InvalidRegionNameException(string message)
        : base(message)
    {
    }
}
