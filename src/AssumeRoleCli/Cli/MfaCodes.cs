using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Where one command's MFA codes come from: the --mfa-code given, once (STS refuses a code used twice), then a prompt
/// where a person can answer it (<see cref="Terminal.OpenPrompt"/>: stdin and stderr, else the controlling terminal);
/// else none. Codes are read, never echoed or logged.
/// </summary>
public sealed class MfaCodes
{
    private readonly Terminal _terminal;
    private readonly Lock _gate = new();
    private string? _given;
    private bool _supplied;
    private PromptConsole? _prompt;
    private bool _promptOpened;

    public MfaCodes(string? givenCode, Terminal terminal)
    {
        _given = givenCode;
        _terminal = terminal;
    }

    /// <summary>The next code for <paramref name="serialNumber"/>, or null when none can be had.</summary>
    public string? Next(string serialNumber)
    {
        lock (_gate)
        {
            return NextUnderGate(serialNumber);
        }
    }

    /// <summary>
    /// The device as AssumeRole asks it: each retry gets a fresh code, or null (stop). Asked only when no cached
    /// credentials will do; when no code at all can be had, that is a usage error (exit 2) before any AssumeRole.
    /// </summary>
    public MfaDevice DeviceFor(string serialNumber, string why) => new(serialNumber, _ => Task.FromResult(NextOrRefused(serialNumber, why)));

    /// <summary>For a role profile with mfa_serial (the SDK asks synchronously): a code, or one usage error.</summary>
    public string ForProfile(string profileName, string serialNumber) =>
        Next(serialNumber) ?? throw NoCode(serialNumber, $"profile '{profileName}' has mfa_serial");

    /// <summary>Fails before anything is called when a code will be needed and none can be had (exit 2).</summary>
    public void Require(string serialNumber, string why)
    {
        lock (_gate)
        {
            if (_given is null && Prompt() is null)
            {
                throw NoCode(serialNumber, why);
            }
        }
    }

    /// <summary>A fresh code; null once a code was supplied before (stop retrying); a usage error when none ever can be had.</summary>
    private string? NextOrRefused(string serialNumber, string why)
    {
        lock (_gate)
        {
            return NextUnderGate(serialNumber) ?? (_supplied ? null : throw NoCode(serialNumber, why));
        }
    }

    // Every field is read and written under _gate only: the given code is used once, the prompt opened once.
    private string? NextUnderGate(string serialNumber)
    {
        if (_given is { } given)
        {
            _given = null;
            _supplied = true;
            return given;
        }

        if (Prompt() is not { } prompt)
        {
            return null;
        }

        prompt.Out.Write($"Enter MFA code for {serialNumber}: ");
        prompt.Out.Flush();
        var typed = prompt.In.ReadLine()?.Trim() is { Length: > 0 } line ? line : null;
        _supplied |= typed is not null;
        return typed;
    }

    /// <summary>Where to ask, opened once (under the gate).</summary>
    private PromptConsole? Prompt()
    {
        if (!_promptOpened)
        {
            _prompt = _terminal.OpenPrompt();
            _promptOpened = true;
        }

        return _prompt;
    }

    private static CliException NoCode(string serialNumber, string why) => CliException.Usage(
        $"AssumeRole needs a code from MFA device {serialNumber} ({why}), and there is no terminal to ask on: pass --mfa-code CODE.");
}
