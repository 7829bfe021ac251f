namespace AssumeRoleCli.Cli;

/// <summary>"Did you mean ...?": the candidate nearest to what was typed, if any is near enough.</summary>
public static class Suggestions
{
    /// <summary>Words people bring from Terraform and the AWS CLI, and the command that does that here.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["destroy"] = "teardown",
        ["delete"] = "teardown",
        ["launch"] = "launch-instance",
        ["run-instances"] = "launch-instance",
        ["--profile"] = "--source-profile",
    };

    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        var options = candidates.Distinct(StringComparer.Ordinal).ToList();
        if (Synonyms.TryGetValue(typed, out var synonym) && options.Contains(synonym))
        {
            return synonym;
        }

        // One or two letters are too little to guess from ("-o" is one edit from every short option).
        var word = typed.TrimStart('-');
        if (word.Length < 3)
        {
            return null;
        }

        var best = options
            .Select(candidate => (Candidate: candidate, Distance: Distance(typed, candidate)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate.Length)
            .FirstOrDefault();
        if (best.Candidate is not null && best.Distance <= Math.Clamp(word.Length / 3, 1, 3))
        {
            return best.Candidate;
        }

        // A unique beginning: "teardow", "--instance".
        var started = options.Where(c => c.StartsWith(typed, StringComparison.Ordinal)).ToList();
        return started.Count == 1 ? started[0] : null;
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
