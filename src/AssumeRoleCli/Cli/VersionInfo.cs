using System.Reflection;
using System.Runtime.InteropServices;

namespace AssumeRoleCli.Cli;

/// <summary>
/// "assumerole 1.2.3 (commit abc1234, linux-x64)". The version is the assembly's InformationalVersion: the project's
/// AssumeRoleVersion target derives it from git (tag vX.Y.Z: X.Y.Z; else a pre-release naming the commit), and the
/// .NET SDK appends "+SourceRevisionId", the commit its source-control task reads from .git at build time (absent
/// outside a git checkout: "unknown").
/// </summary>
public static class VersionInfo
{
    private const int ShortCommitLength = 7;

    public static string Line { get; } = Describe(
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        RuntimeInformation.RuntimeIdentifier);

    public static string Describe(string? informationalVersion, string runtimeIdentifier)
    {
        var parts = (informationalVersion ?? "").Split('+', 2);
        var version = parts[0].Length > 0 ? parts[0] : "unknown";
        var commit = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "unknown";
        if (commit.Length > ShortCommitLength && commit.All(char.IsAsciiHexDigit))
        {
            commit = commit[..ShortCommitLength];
        }

        return $"{CommandLine.Name} {version} (commit {commit}, {runtimeIdentifier})";
    }
}
