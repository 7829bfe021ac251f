using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Options of the program as a whole, accepted before or after the command name; and the per-command options every
/// command shares (--region, --output, --state), which may also come before the command name.
/// </summary>
internal sealed class GlobalOptions
{
    /// <summary>Common per-command options, each taking one value; <see cref="CommonOptionOrder"/> moves them after the command.</summary>
    public static readonly IReadOnlySet<string> CommonWithValue = new HashSet<string>(StringComparer.Ordinal) { "--region", "--output", "-o", "--state" };

    public Option<bool> Verbose { get; } = new("--verbose", "--debug")
    {
        Description = "Trace every AWS call on stderr (service, operation, status, time, request id, attempt, masked key), and stack traces of unexpected errors.",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No progress lines; errors, the plan, questions and results are still written.",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "No colour, even on a terminal (NO_COLOR=1 does the same).",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Verbose, Quiet, NoColor];

    /// <summary>The services as these options want them: quiet progress, no colour.</summary>
    public CliServices Apply(ParseResult parsed, CliServices services) => services with
    {
        Quiet = services.Quiet || parsed.GetValue(Quiet),
        Terminal = parsed.GetValue(NoColor) ? services.Terminal.WithoutColor() : services.Terminal,
    };
}
