namespace AssumeRoleCli.Cli;

public enum OutputFormat
{
    Text,
    Json,
}
