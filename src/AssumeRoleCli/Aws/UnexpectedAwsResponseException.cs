namespace AssumeRoleCli.Aws;

/// <summary>
/// An endpoint answered, but not with anything AWS would say (no credentials from AssumeRole, an account that is not
/// 12 digits, an ARN that does not parse): acting on it could do harm, so the command stops.
/// </summary>
public sealed class UnexpectedAwsResponseException : Exception
{
    public UnexpectedAwsResponseException(string message)
        : base(message)
    {
    }
}
