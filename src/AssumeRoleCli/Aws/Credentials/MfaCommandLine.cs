namespace AssumeRoleCli.Aws.Credentials;

/// <summary>What the command line says about MFA: --mfa-serial and --mfa-code. The code is never shown by <see cref="ToString"/>.</summary>
public sealed class MfaCommandLine
{
    public MfaCommandLine(string? serialNumber, string? code)
    {
        SerialNumber = serialNumber;
        Code = code;
    }

    public static MfaCommandLine None { get; } = new(null, null);

    /// <summary>--mfa-serial: the MFA device of the identity that calls AssumeRole.</summary>
    public string? SerialNumber { get; }

    /// <summary>--mfa-code: one code, good for one AssumeRole.</summary>
    public string? Code { get; }

    public override string ToString() => $"MFA device {SerialNumber ?? "(from the profile)"}, code {(Code is null ? "not given" : "given")}";
}
