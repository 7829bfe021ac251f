using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Signin;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Commands;

/// <param name="Service">The console's folder to land in (ec2, s3, ...); null: the console home.</param>
/// <param name="Open">Open the URL in a browser instead of printing it.</param>
public sealed record ConsoleOptions(RoleCredentialsOptions Role, string? Service, bool Open);

/// <summary>
/// console: the AWS console as the role (aws-vault's login). Assumes the role as exec does, trades its session for a
/// sign-in token at the partition's federation endpoint, and prints the login URL on stdout, or opens it with --open.
/// The URL signs in as the role: like credentials' output it goes to stdout (or the browser) only.
/// </summary>
internal sealed class ConsoleCommand(CliServices services) : CliCommand<ConsoleOptions, ConsoleCommand.Syntax>(services)
{
    /// <summary>The command line of console: the options that reach the role, where to land, and --open.</summary>
    internal sealed class Syntax : ICommandSyntax<ConsoleOptions>
    {
        private readonly RoleCredentials.Syntax _role = new();

        private readonly Option<string?> _service = new Option<string?>("--service")
        {
            Description = "The service's console to land in, as in its address: ec2, s3, iam, cloudformation... (default: the console home).",
            HelpName = "name",
        }.RequireWhenGiven(AwsNames.IsValidConsoleService, "is not a console service name: lowercase letters, digits and hyphens, as in the console's address (ec2, s3, iam)");

        private readonly Option<bool> _open = new("--open")
        {
            Description = "Open the URL in the browser (xdg-open, or open on macOS) instead of printing it.",
        };

        public Command Build()
        {
            var command = new Command("console", "Assume the role and print a sign-in URL for the AWS console as the role (--open: open it in the browser).");
            _role.AddTo(command);
            command.Options.Add(_service);
            command.Options.Add(_open);
            return command;
        }

        public ConsoleOptions Bind(ParseResult parsed) => new(_role.Bind(parsed), parsed.GetValue(_service), parsed.GetValue(_open));
    }

    public override async Task<int> RunAsync(ConsoleOptions options, CancellationToken ct)
    {
        // A bad override or no opener is found before the role is assumed (and an MFA code spent).
        var signinOverride = ConsoleEndpoints.ParseOverride(Services.Environment.SigninEndpoint);
        var opener = options.Open ? UrlOpener.Locate() : null;
        var role = await new RoleCredentials(Services).AssumeAsync(options.Role, ct);
        var endpoints = ConsoleEndpoints.For(role.Role.Partition, signinOverride);
        using var signin = new SigninClient(Services.AwsCalls, Services.SigninTimeout);
        var url = await new ConsoleSignin(Services.Clients, signin).LoginUrlAsync(
            role.Source, role.Assumed, endpoints, endpoints.Destination(role.Region, options.Service), options.Role.AssumeRole.DurationSeconds, ct);
        if (opener is not null)
        {
            await UrlOpener.OpenAsync(opener, url, ct);
            if (!Services.Quiet)
            {
                await Services.Terminal.Error.WriteLineAsync($"Opened the AWS console ({options.Service ?? "home"}, {role.Region}) as {role.Role} with {UrlOpener.Name}.");
            }

            return ExitCodes.Success;
        }

        await Services.Terminal.Out.WriteLineAsync(url);
        await Services.Terminal.Out.FlushAsync(ct);
        return ExitCodes.Success;
    }
}
