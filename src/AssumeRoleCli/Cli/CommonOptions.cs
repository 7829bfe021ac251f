using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>Options several commands share, defined once so their names, defaults and help read the same.</summary>
public static class CommonOptions
{
    public static Option<string> SourceProfile() => new("--source-profile")
    {
        Description = "Profile whose account may assume the role (its credentials call STS).",
        DefaultValueFactory = _ => "source",
    };

    public static Option<string> DestinationProfile() => new("--destination-profile")
    {
        Description = "Profile of the account that owns the role and the instances.",
        DefaultValueFactory = _ => "destination",
    };

    public static Option<string?> Region() => new("--region")
    {
        Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).",
    };

    public static Option<bool> AutoApprove() => new("--auto-approve")
    {
        Description = "Skip the interactive 'yes' approval.",
    };

    public static Option<string> Output()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Result format on stdout: text or json.",
            DefaultValueFactory = _ => "text",
        };
        return option.AcceptOnlyFromAmong("text", "json");
    }

    public static Option<string> State() => new("--state")
    {
        Description = $"State file recording what was created (default: {AssumeRoleCli.State.StateFile.DefaultPath}).",
        DefaultValueFactory = _ => AssumeRoleCli.State.StateFile.DefaultPath,
    };

    public static Option<TimeSpan> WaitTimeout() => new("--wait-timeout")
    {
        Description = "How long to wait for instances, e.g. 10m, 90s, 1h.",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
        CustomParser = result => Durations.ParseOrError(result),
    };

    public static OutputFormat ParseOutput(string value) =>
        value == "json" ? OutputFormat.Json : OutputFormat.Text;
}
