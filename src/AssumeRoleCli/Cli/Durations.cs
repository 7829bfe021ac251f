using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Durations as Terraform writes them: 90s, 10m, 1h, 7d, or combinations such as 1m30s; waits at most
/// <see cref="Longest"/>, a --ttl at most <see cref="LongestTtl"/>.
/// </summary>
public static partial class Durations
{
    public static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    /// <summary>The longest --ttl: a year, far beyond any sandbox's life, short of "never".</summary>
    public static readonly TimeSpan LongestTtl = TimeSpan.FromDays(365);

    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, Longest, out duration);

    /// <summary>A duration from 1s to <paramref name="longest"/>; zero, negative or longer is refused.</summary>
    public static bool TryParse(string text, TimeSpan longest, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        // Each part is bounded before it becomes a TimeSpan, so a huge number is a refusal, not an overflow.
        var seconds = Part(match, "d") * 86400 + Part(match, "h") * 3600 + Part(match, "m") * 60 + Part(match, "s");
        if (seconds is <= 0 || seconds > longest.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The syntax <see cref="TryParse"/> reads: 10m, 90s -> 1m30s, 1h.</summary>
    public static string Format(TimeSpan duration)
    {
        var text = new System.Text.StringBuilder();
        if ((int)duration.TotalHours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h");
        }

        if (duration.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        if (duration.Seconds > 0 || text.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        }

        return text.ToString();
    }

    internal static TimeSpan ParseOrError(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration from 1s to 24h: use e.g. 90s, 10m or 1h.");
        return TimeSpan.Zero;
    }

    /// <summary>--ttl's value: 1s to <see cref="LongestTtl"/>, else one line saying what is accepted.</summary>
    internal static TimeSpan? ParseTtlOrError(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, LongestTtl, out var ttl))
        {
            return ttl;
        }

        result.AddError($"--ttl '{text}' is not a duration from 1s to {(int)LongestTtl.TotalDays}d: use e.g. 90m, 12h or 7d.");
        return null;
    }

    /// <summary>The number before a unit, capped so no sum can overflow (and any capped value is past every limit).</summary>
    private static long Part(Match match, string unit) =>
        match.Groups[unit].Success && long.TryParse(match.Groups[unit].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Min(value, 100_000)
            : match.Groups[unit].Success ? 100_000 : 0;

    [GeneratedRegex(@"\A(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?\z")]
    private static partial Regex Pattern();
}
