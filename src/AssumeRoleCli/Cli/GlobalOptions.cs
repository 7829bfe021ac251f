using AssumeRoleCli.Aws;
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

    /// <summary>The AWS CLI's --endpoint-url: every AWS call of the run goes to this URL (an emulator, a proxy, a VPC endpoint).</summary>
    public Option<Uri?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "Send every AWS call to this URL instead of AWS's own endpoints, as the AWS CLI's --endpoint-url.",
        HelpName = "url",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError($"--endpoint-url '{text}' is not an http(s) URL (for example http://localhost:5000).");
            return null;
        },
    };

    public IEnumerable<Option> All => [Verbose, Quiet, NoColor, EndpointUrl];

    /// <summary>The services as these options want them: quiet progress, no colour, another endpoint.</summary>
    public CliServices Apply(ParseResult parsed, CliServices services)
    {
        var applied = services with
        {
            Quiet = services.Quiet || parsed.GetValue(Quiet),
            Terminal = parsed.GetValue(NoColor) ? services.Terminal.WithoutColor() : services.Terminal,
        };
        return EndpointOf(parsed) is { } endpoint
            ? applied with { Environment = applied.Environment with { EndpointOverride = endpoint }, Clients = new AwsClientFactory(endpoint, applied.AwsCalls) }
            : applied;
    }

    /// <summary>The --endpoint-url given; null when none, or when it is not a URL (its parse error is reported with the others).</summary>
    private Uri? EndpointOf(ParseResult parsed)
    {
        if (parsed.GetResult(EndpointUrl) is null)
        {
            return null;
        }

        try
        {
            return parsed.GetValue(EndpointUrl);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
