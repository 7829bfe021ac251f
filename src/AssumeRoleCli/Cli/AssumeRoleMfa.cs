using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>Decides, once the source is known, whether AssumeRole needs MFA and where its codes come from.</summary>
public static class AssumeRoleMfa
{
    /// <summary>The profile the source came from; null for credentials from the environment.</summary>
    public static string? ProfileOf(SourceCredentials source) => ProfileOf(source.Description, source.Session);

    /// <summary>
    /// <see cref="Complete"/> for a source side that may be missing (teardown copes without one): the settings as given
    /// then, as nothing will assume a role with the source.
    /// </summary>
    public static AssumeRoleSettings Complete(AssumeRoleSettings settings, SourceSide source, ProfileResolver profiles, MfaCodes codes) =>
        source.Session is null ? settings : Complete(settings, ProfileOf(source.Description, source.Session), profiles, codes);

    /// <summary><see cref="Complete"/> for the source once it is resolved.</summary>
    public static Func<SourceCredentials, AssumeRoleSettings> Completer(AssumeRoleSettings settings, ProfileResolver profiles, MfaCodes codes) =>
        source => Complete(settings, ProfileOf(source), profiles, codes);

    /// <summary>
    /// <paramref name="settings"/> with the MFA device of the identity that calls AssumeRole: --mfa-serial, else the
    /// source profile's own mfa_serial. A source that is
    /// itself a role profile with mfa_serial fails at once (exit 2) when no code can be had.
    /// </summary>
    public static AssumeRoleSettings Complete(AssumeRoleSettings settings, string? sourceProfile, ProfileResolver profiles, MfaCodes codes)
    {
        var sourceRoleSerial = sourceProfile is null ? null : profiles.MfaSerialOf(sourceProfile);
        if (sourceRoleSerial is not null)
        {
            codes.Require(sourceRoleSerial, $"the source profile '{sourceProfile}' assumes its own role with mfa_serial");
        }

        var serial = settings.MfaGiven.SerialNumber ?? (sourceProfile is null ? null : profiles.OwnMfaSerialOf(sourceProfile));
        if (serial is null)
        {
            return settings.MfaGiven.Code is null || sourceRoleSerial is not null
                ? settings
                : throw CliException.Usage("--mfa-code needs an MFA device: pass --mfa-serial, or set mfa_serial in the source profile.");
        }

        // Not required here: credentials cached from an earlier code need none.
        return settings with { Mfa = codes.DeviceFor(serial, settings.MfaGiven.SerialNumber is null ? $"mfa_serial of profile '{sourceProfile}'" : "--mfa-serial") };
    }

    private static string? ProfileOf(string description, Aws.AwsSession session) =>
        description == EnvironmentCredentials.Description ? null : session.ProfileName;
}
