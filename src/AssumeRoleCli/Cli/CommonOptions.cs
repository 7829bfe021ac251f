using System.CommandLine;
using System.CommandLine.Parsing;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>Options several commands share, defined once so their names, defaults, rules and help read the same.</summary>
public static class CommonOptions
{
    public static Option<string?> SourceProfile() => new("--source-profile")
    {
        Description = "Profile whose account may assume the role (its credentials call STS). Default: credentials in the " +
            "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), else the profile named by AWS_PROFILE, else the profile 'source'.",
        HelpName = "profile",
    };

    public static Option<string> DestinationProfile() => new("--destination-profile")
    {
        Description = "Profile of the account that owns the role and the instances.",
        HelpName = "profile",
        DefaultValueFactory = _ => "destination",
    };

    /// <summary>
    /// --destination-profile, repeatable: one destination account per profile (people with a profile per account,
    /// e.g. IAM Identity Center); with --destination-accounts, the one identity that reaches every member account.
    /// </summary>
    public static Option<string[]> DestinationProfiles() => new("--destination-profile")
    {
        Description = "Profile of the account that owns the role and the instances; repeat it for several accounts, one profile each. " +
            "With --destination-accounts: the profile (management or delegated administrator account) that reaches every member account.",
        HelpName = "profile",
        DefaultValueFactory = _ => ["destination"],
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Region() => new Option<string?>("--region")
    {
        Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).",
        HelpName = "region",
    }.RequireWhenGiven(AwsNames.IsValidRegion, "is not an AWS region name (for example us-east-1)");

    public static Option<string> RoleNameOption(string description, bool withDefault) => new Option<string>("--role-name")
    {
        Description = description,
        HelpName = "name",
        DefaultValueFactory = withDefault ? _ => RoleTarget.DefaultRoleName : null,
    }.Require(AwsNames.IsValidRoleName, "is not a valid IAM role name: use 1-64 of A-Z a-z 0-9 + = , . @ _ -");

    public static Option<RoleArn?> RoleArnOption(string description) => new("--role-arn")
    {
        Description = description,
        HelpName = "arn",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (RoleArn.TryParse(text, out var arn))
            {
                return arn;
            }

            result.AddError($"--role-arn '{text}' is not an IAM role ARN (expected {RoleArn.Expected}).");
            return null;
        },
    };

    public static Option<bool> AutoApprove() => new("--auto-approve")
    {
        Description = "Skip the interactive 'yes' approval.",
    };

    public static Option<OutputFormat> Output() => new Option<OutputFormat>("--output", "-o")
    {
        Description = "Result format on stdout: text or json.",
        HelpName = "text|json",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result => result.Tokens.Count > 0 && result.Tokens[0].Value is var text
            ? text switch
            {
                "text" => OutputFormat.Text,
                "json" => OutputFormat.Json,
                _ => Invalid(result, $"--output '{text}' is not one of: text, json."),
            }
            : OutputFormat.Text,
    }.Offering("text", "json");

    public static Option<bool> DryRun() => new("--dry-run")
    {
        Description = "Print the plan and change nothing (no AWS change, no state file write); with --output json, the plan as data.",
    };

    public static Option<string> State() => new("--state")
    {
        Description = "State file recording what was created, like terraform.tfstate.",
        HelpName = "path",
        DefaultValueFactory = _ => AssumeRoleCli.State.StateFile.DefaultPath,
    };

    public static Option<TimeSpan> WaitTimeout() => new("--wait-timeout")
    {
        Description = "How long to wait for instances, e.g. 90s, 10m, 1h.",
        HelpName = "duration",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
        CustomParser = result => Durations.ParseOrError(result),
    };

    /// <summary>--ttl: what the command makes is tagged to expire that long from now (see <see cref="Expiry"/>); null when not given.</summary>
    /// <param name="notGiven">What happens without it, as a sentence.</param>
    public static Option<TimeSpan?> Ttl(string what, string notGiven) => new("--ttl")
    {
        Description = $"Tag {what} {ManagedTags.ExpiresAtKey} = now + this, in UTC (e.g. 90m, 12h, 7d; at most {(int)Durations.LongestTtl.TotalDays}d); " +
            $"'teardown --expired' destroys what is past it. {notGiven}",
        HelpName = "duration",
        CustomParser = Durations.ParseTtlOrError,
    };

    /// <summary>
    /// --external-id: a shared secret, so a bad one is refused without echoing it (unlike every other option).
    /// </summary>
    public static Option<string?> ExternalId(string description)
    {
        var option = new Option<string?>("--external-id") { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !AwsNames.IsValidExternalId(value))
            {
                result.AddError($"{option.Name} must be 2-1224 of letters, digits and +=,.@:/- (the value given is not shown).");
            }
        });
        return option;
    }

    /// <summary>A command validator: <paramref name="first"/> and <paramref name="second"/> name the same thing, so at most one may be given.</summary>
    public static void AllowOneOf(this Command command, Option first, Option second) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(first) is not null && result.GetResult(second) is not null)
            {
                result.AddError($"{first.Name} and {second.Name} name the same thing: pass one of them.");
            }
        });

    /// <summary>The options every command takes, for the root's help (each command registers its own instances).</summary>
    public static IEnumerable<Option> Shared() => [Region(), Output(), State()];

    /// <summary>Adds a validator: a value that fails <paramref name="isValid"/> is a parse error naming the option.</summary>
    public static Option<T> Require<T>(this Option<T> option, Func<T, bool> isValid, string problem) =>
        option.Require<T, T>(isValid, problem);

    /// <summary>The same for an optional value: the rule applies only when one is given.</summary>
    public static Option<string?> RequireWhenGiven(this Option<string?> option, Func<string, bool> isValid, string problem) =>
        option.Require<string?, string>(isValid, problem);

    private static Option<TOption> Require<TOption, T>(this Option<TOption> option, Func<T, bool> isValid, string problem)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out TOption? given) && given is T value && !isValid(value))
            {
                result.AddError($"{option.Name} '{value}' {problem}.");
            }
        });
        return option;
    }

    /// <summary>The same for each value of a repeatable option.</summary>
    public static Option<string[]> RequireEach(this Option<string[]> option, Func<string, bool> isValid, string problem) =>
        option.RequireEach(value => isValid(value) ? null : problem);

    /// <summary>Each value of a repeatable option, with <paramref name="problemOf"/> saying what is wrong (null: nothing).</summary>
    public static Option<string[]> RequireEach(this Option<string[]> option, Func<string, string?> problemOf)
    {
        option.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (problemOf(value) is { } problem)
                {
                    result.AddError($"{option.Name} '{value}' {problem}.");
                    return;
                }
            }
        });
        return option;
    }

    /// <summary>False when the value did not even convert (e.g. --count two): that is a parse error of its own already.</summary>
    private static bool TryGetValue<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static OutputFormat Invalid(ArgumentResult result, string message)
    {
        result.AddError(message);
        return OutputFormat.Text;
    }
}

/// <summary>The options of every command that assumes the role: --session-name, --duration, --external-id,
/// --mfa-serial, --mfa-code, --no-cache and --source-identity.</summary>
public sealed class AssumeRoleOptionGroup
{
    private readonly Option<string> _sessionName = new Option<string>("--session-name")
    {
        Description = "AssumeRole session name (2-64 of letters, digits and +=,.@_-).",
        HelpName = "name",
        DefaultValueFactory = _ => AssumeRoleSpec.DefaultSessionName,
    }.Require(AwsNames.IsValidSessionName, "must be 2-64 of letters, digits and +=,.@_-");

    private readonly Option<int> _duration = new Option<int>("--duration")
    {
        Description = $"Session duration in seconds ({AssumeRoleSpec.MinDurationSeconds}-{AssumeRoleSpec.MaxDurationSeconds}; above 3600 the role's max session duration must allow it).",
        HelpName = "seconds",
        DefaultValueFactory = _ => AssumeRoleSpec.DefaultDurationSeconds,
    }.Require(d => d is >= AssumeRoleSpec.MinDurationSeconds and <= AssumeRoleSpec.MaxDurationSeconds, $"is outside {AssumeRoleSpec.MinDurationSeconds}-{AssumeRoleSpec.MaxDurationSeconds} seconds");

    private readonly Option<string?> _mfaSerial = new Option<string?>("--mfa-serial")
    {
        Description = "MFA device of the identity that calls AssumeRole (default: the source profile's mfa_serial).",
    }.RequireWhenGiven(AwsNames.IsValidMfaSerial, "is not an MFA device ARN (arn:aws:iam::123456789012:mfa/alice) or serial number");

    private readonly Option<string?> _mfaCode = new Option<string?>("--mfa-code")
    {
        Description = "The device's current code (6 digits), used once; without it you are asked on a terminal.",
    }.RequireWhenGiven(AwsNames.IsValidMfaCode, "is not an MFA code (6 digits)");

    private readonly Option<bool> _noCache = new("--no-cache")
    {
        Description = "Do not read or write the AWS CLI's credential cache (~/.aws/cli/cache), where credentials obtained with MFA are kept.",
    };

    private readonly Option<string?> _externalId = CommonOptions.ExternalId("External id the role's trust policy requires (set by create-role --external-id); never printed.");

    private readonly Option<string?> _sourceIdentity = new Option<string?>("--source-identity")
    {
        Description = "Who is acting, recorded by AWS in CloudTrail for the session and every session chained from it " +
            "(AssumeRole's SourceIdentity; 2-64 of letters, digits and +=,.@_-; the role's trust must allow sts:SetSourceIdentity, as create-role's does).",
        HelpName = "name",
    }.RequireWhenGiven(AwsNames.IsValidSourceIdentity, "must be 2-64 of letters, digits and +=,.@_- (STS's rule for SourceIdentity)");

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in Options)
        {
            command.Options.Add(option);
        }
    }

    public IEnumerable<Option> Options => [_sessionName, _duration, _externalId, _mfaSerial, _mfaCode, _noCache, _sourceIdentity];

    public AssumeRoleSettings Bind(ParseResult parsed) => new(parsed.GetValue(_sessionName)!, parsed.GetValue(_duration), parsed.GetValue(_externalId))
    {
        MfaGiven = new MfaCommandLine(parsed.GetValue(_mfaSerial), parsed.GetValue(_mfaCode)),
        NoCache = parsed.GetValue(_noCache),
        SourceIdentity = parsed.GetValue(_sourceIdentity),
    };
}

/// <summary>How a changing command applies its plan: --auto-approve, --output, --state and --dry-run.</summary>
public sealed record ApplySettings(bool AutoApprove, OutputFormat Output, string StatePath, bool DryRun);

/// <summary>The options every changing command ends with (create-role, launch-instance, teardown), bound to <see cref="ApplySettings"/>.</summary>
public sealed class ApplyOptionGroup
{
    private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
    private readonly Option<OutputFormat> _output = CommonOptions.Output();
    private readonly Option<string> _state = CommonOptions.State();
    private readonly Option<bool> _dryRun = CommonOptions.DryRun();

    public IEnumerable<Option> Options => [_autoApprove, _output, _state, _dryRun];

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in Options)
        {
            command.Options.Add(option);
        }
    }

    public ApplySettings Bind(ParseResult parsed) =>
        new(parsed.GetValue(_autoApprove), parsed.GetValue(_output), parsed.GetValue(_state)!, parsed.GetValue(_dryRun));
}

/// <summary>
/// The options of every command that can act in many member accounts at once: --destination-accounts,
/// --destination-role, --parallel and --fail-fast.
/// </summary>
public sealed class FanOutOptionGroup
{
    private readonly Option<AccountSelection?> _accounts = new("--destination-accounts")
    {
        Description = "Act in these member accounts (12-digit ids separated by commas), or 'all': every ACTIVE account of the organization " +
            "(Organizations ListAccounts with the destination profile) but the management account and the source's own. Each is reached " +
            "by assuming --destination-role with the destination profile.",
        HelpName = "ids|all",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var (selection, problem) = AccountSelection.Parse(text);
            if (selection is null)
            {
                result.AddError($"--destination-accounts '{text}' {problem}.");
            }

            return selection;
        },
    };

    private readonly Option<string> _role = new Option<string>("--destination-role")
    {
        Description = "The role the destination profile assumes in each member account (Control Tower: AWSControlTowerExecution).",
        HelpName = "name",
        DefaultValueFactory = _ => FanOutSettings.DefaultDestinationRole,
    }.Require(AwsNames.IsValidRoleName, "is not a valid IAM role name: use 1-64 of A-Z a-z 0-9 + = , . @ _ -");

    private readonly Option<int> _parallel = new Option<int>("--parallel")
    {
        Description = $"How many accounts to work on at once (1-{FanOutSettings.MaxParallel}).",
        HelpName = "n",
        DefaultValueFactory = _ => FanOutSettings.DefaultParallel,
    }.Require(n => n is >= 1 and <= FanOutSettings.MaxParallel, $"is outside 1-{FanOutSettings.MaxParallel}");

    private readonly Option<bool> _failFast = new("--fail-fast")
    {
        Description = "Start no further account once one has failed (those already running finish).",
    };

    private readonly bool _withRole;

    /// <param name="withDestinationRole">
    /// False for a command that reaches no destination (launch-instance acts through the roles the state records, with
    /// the source): --destination-role is then not offered, so help does not promise it and passing it is a usage error.
    /// </param>
    public FanOutOptionGroup(bool withDestinationRole = true)
    {
        _withRole = withDestinationRole;
        if (!withDestinationRole)
        {
            _accounts.Description = "Act only in these accounts (12-digit ids separated by commas), through the role the state file records in each; " +
                "'all': every account the state file records a role in.";
        }
    }

    public IEnumerable<Option> Options => _withRole ? [_accounts, _role, _parallel, _failFast] : [_accounts, _parallel, _failFast];

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in Options)
        {
            command.Options.Add(option);
        }
    }

    public FanOutSettings Bind(ParseResult parsed) =>
        new(parsed.GetValue(_accounts), _withRole ? parsed.GetValue(_role)! : FanOutSettings.DefaultDestinationRole, parsed.GetValue(_parallel), parsed.GetValue(_failFast));

    /// <summary>
    /// Refuses --destination-accounts with a repeated --destination-profile: member accounts are reached from one
    /// identity, and a profile per account already names the accounts.
    /// </summary>
    public void RefuseWithManyProfiles(Command command, Option<string[]> destinationProfiles)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_accounts) is not null && result.GetValue(destinationProfiles) is { Length: > 1 })
            {
                result.AddError($"{_accounts.Name} reaches every account from one --destination-profile: give it once, or drop {_accounts.Name} to use one profile per account.");
            }
        });
    }
}
