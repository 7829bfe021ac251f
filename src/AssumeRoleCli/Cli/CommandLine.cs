using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Cli;

/// <summary>The assumerole command line: the commands, the global options, help, version and completion.</summary>
internal sealed class CommandLine
{
    public const string Name = "assumerole";

    internal const string AwsCliProfileName = "--profile";
    internal const string SourceProfileName = "--source-profile";
    internal const string DestinationProfileName = "--destination-profile";

    public CommandLine(CliServices services)
    {
        Root = new RootCommand("Provision AWS resources across accounts with STS AssumeRole: the HashiCorp tutorial, natively.");
        foreach (var option in Globals.All)
        {
            Root.Options.Add(option);
        }

        Root.Subcommands.Add(new CreateRoleCommand(services).ToCommand());
        Root.Subcommands.Add(new LaunchInstanceCommand(services).ToCommand());
        Root.Subcommands.Add(new TeardownCommand(services).ToCommand());
        Root.Subcommands.Add(new StatusCommand(services).ToCommand());
        Root.Subcommands.Add(new ExecCommand(services).ToCommand());
        Root.Subcommands.Add(new CredentialsCommand(services).ToCommand());
        Root.Subcommands.Add(new ConsoleCommand(services).ToCommand());
        Root.Subcommands.Add(HelpCommand());
        Root.Subcommands.Add(VersionCommand());
        Root.Subcommands.Add(CompletionCommand());

        ValueCompletions.AddTo(Root, () => ProfileNamesOrNone(services));

        // The AWS CLI's --profile, where it can only mean one profile: the source (launch-instance, exec,
        // credentials, console). Where there are two, UsageErrors asks which.
        foreach (var command in Root.Subcommands)
        {
            if (command.Options.FirstOrDefault(o => o.Name == SourceProfileName) is { } source && !command.Options.Any(o => o.Name == DestinationProfileName))
            {
                source.Aliases.Add(AwsCliProfileName);
            }
        }

        // No command: the help, as 'git' and 'terraform' do, rather than an error.
        Root.SetAction(parsed => Write(parsed, HelpPage.Render(Root, Root)));
    }

    public RootCommand Root { get; }

    public GlobalOptions Globals { get; } = new();

    /// <summary>"assumerole" or "assumerole teardown", as a user types it.</summary>
    public static string Display(Command command, RootCommand root) => command == root ? Name : $"{Name} {command.Name}";

    /// <summary>What --help or --version asks for, answered before any parse error counts; null when neither was given.</summary>
    public string? HelpOrVersion(ParseResult parsed)
    {
        if (Root.Options.OfType<HelpOption>().Any(help => parsed.GetResult(help) is not null))
        {
            return HelpPage.Render(parsed.CommandResult.Command, Root);
        }

        return Root.Options.OfType<VersionOption>().Any(version => parsed.GetResult(version) is not null)
            ? VersionInfo.Line + Environment.NewLine
            : null;
    }

    /// <summary>A directive ([suggest:N] ...) runs on its own terms: its command line is data, not a command.</summary>
    public bool IsDirective(ParseResult parsed) => Root.Directives.OfType<SuggestDirective>().Any(d => parsed.GetResult(d) is not null);

    private Command HelpCommand()
    {
        var name = new Argument<string?>("command") { Description = "The command to explain.", Arity = ArgumentArity.ZeroOrOne };
        name.CompletionSources.Add(_ => Root.Subcommands.Select(c => new CompletionItem(c.Name)));
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } typed && !Root.Subcommands.Any(c => c.Name == typed))
            {
                result.AddError(UsageErrors.UnknownCommand(typed, Root));
            }
        });
        var help = new Command("help", "Show the help of assumerole or of one command.") { name };
        help.SetAction(parsed => Write(parsed, HelpPage.Render(
            parsed.GetValue(name) is { } command ? Root.Subcommands.First(c => c.Name == command) : Root, Root)));
        return help;
    }

    private static Command VersionCommand()
    {
        var version = new Command("version", "Show the version, the commit it was built from and the platform.");
        version.SetAction(parsed => Write(parsed, VersionInfo.Line + Environment.NewLine));
        return version;
    }

    private static Command CompletionCommand()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or powershell." };
        shell.CompletionSources.Add(_ => CompletionScripts.Shells.Select(s => new CompletionItem(s)));
        shell.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string>();
            if (!CompletionScripts.Shells.Contains(given))
            {
                result.AddError($"'{given}' is not a shell assumerole completes; use one of: {string.Join(", ", CompletionScripts.Shells)}.");
            }
        });
        var completion = new Command("completion", "Print a tab-completion script for bash, zsh, fish or PowerShell.") { shell };
        completion.SetAction(parsed => Write(parsed, CompletionScripts.For(parsed.GetValue(shell)!)));
        return completion;
    }

    /// <summary>The profiles to complete; none when the files cannot be read (completion never prints an error).</summary>
    private static IEnumerable<string> ProfileNamesOrNone(CliServices services)
    {
        try
        {
            return new AssumeRoleCli.Aws.Credentials.ProfileResolver(services.Environment, services.Clients).ProfileNames();
        }
        catch (AssumeRoleCli.Aws.Credentials.AwsConfigurationException)
        {
            return [];
        }
    }

    private static int Write(ParseResult parsed, string text)
    {
        parsed.InvocationConfiguration.Output.Write(text);
        return ExitCodes.Success;
    }
}
