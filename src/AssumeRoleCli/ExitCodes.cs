namespace AssumeRoleCli;

/// <summary>Every exit code the tool can return, named in one place.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>AWS refused or failed, the environment is not usable, or the user declined.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or input: nothing was changed.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
