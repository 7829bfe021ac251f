using System.CommandLine;
using System.CommandLine.Completions;
using Amazon;

namespace AssumeRoleCli.Cli;

/// <summary>
/// What tab completion offers for option values that depend on the machine, set once over the whole command tree:
/// the profiles of the AWS files for every <c>--*-profile</c> option, and AWS's regions for <c>--region</c>. (Options
/// with a fixed set of values list them where they are defined, in the spelling they accept.) An option left
/// without candidates makes bash fall back to file names, which only paths want.
/// </summary>
internal static class ValueCompletions
{
    /// <summary>The help option's spellings that are not this tool's style; accepted, but never offered.</summary>
    public static readonly IReadOnlySet<string> Unoffered = new HashSet<string>(StringComparer.Ordinal) { "-?", "/?", "/h" };

    /// <param name="profileNames">Read only when a profile is completed (never on an ordinary run).</param>
    public static void AddTo(Command root, Func<IEnumerable<string>> profileNames)
    {
        foreach (var option in OptionsOf(root))
        {
            if (option.Name.EndsWith("-profile", StringComparison.Ordinal))
            {
                option.CompletionSources.Clear();
                option.CompletionSources.Add(_ => profileNames().Select(name => new CompletionItem(name)));
            }
            else if (option.Name == "--region")
            {
                option.CompletionSources.Clear();
                option.CompletionSources.Add(_ => RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Order(StringComparer.Ordinal).Select(r => new CompletionItem(r)));
            }
        }
    }

    /// <summary>Replaces an option's completions (an enum's member names, say) with the values it accepts.</summary>
    public static TOption Offering<TOption>(this TOption option, params string[] values)
        where TOption : Option
    {
        option.CompletionSources.Clear();
        option.CompletionSources.Add(_ => values.Select(v => new CompletionItem(v)));
        return option;
    }

    private static IEnumerable<Option> OptionsOf(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(OptionsOf));
}
