using System.Globalization;
using Amazon.Runtime.Internal.Util;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// Profile keys the AWS CLI reads that the SDK's profile store does not surface (it keeps them internal), read with the
/// SDK's own INI reader: the credentials file wins over the config file, as in the SDK's merge.
/// </summary>
internal static class ProfileSettings
{
    private const int MinSessionSeconds = 900;
    private const int MaxSessionSeconds = 43200;

    /// <summary><c>duration_seconds</c> of a role profile; null when absent (STS then issues its default hour).</summary>
    public static int? DurationSeconds(AwsEnvironment environment, string profileName)
    {
        if (Read(environment, profileName, "duration_seconds") is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= MinSessionSeconds and <= MaxSessionSeconds
            ? seconds
            : throw new AwsConfigurationException(
                $"Profile '{profileName}' has duration_seconds = {text}; it must be a whole number of seconds from {MinSessionSeconds} to {MaxSessionSeconds}.");
    }

    private static string? Read(AwsEnvironment environment, string profileName, string key)
    {
        var files = new (string Path, bool ProfileMarkerRequired)[]
        {
            (environment.CredentialsFile, false),
            (environment.ConfigFile, profileName != "default"),
        };
        foreach (var (path, profileMarkerRequired) in files)
        {
            if (File.Exists(path)
                && new ProfileIniFile(path, profileMarkerRequired).TryGetSection(profileName, isSsoSession: false, isServicesSection: false, out var settings, out _)
                && settings.TryGetValue(key, out var value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
