namespace AssumeRoleCli.Cli;

/// <summary>
/// The console as commands see it: results go to <see cref="Out"/>, progress, prompts and diagnostics to
/// <see cref="Error"/>. Tests pass string writers; the program passes the real console.
/// </summary>
public sealed class Terminal
{
    public Terminal(TextWriter output, TextWriter error, TextReader input, bool inputIsInteractive)
    {
        Out = output;
        Error = error;
        In = input;
        InputIsInteractive = inputIsInteractive;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public TextReader In { get; }

    /// <summary>False when stdin is redirected or closed: a prompt then cannot be answered by a person.</summary>
    public bool InputIsInteractive { get; }

    /// <summary>Where a plan goes: stdout, unless stdout is reserved for the JSON result.</summary>
    public TextWriter PlanWriter(OutputFormat format) => format == OutputFormat.Json ? Error : Out;

    public static Terminal FromConsole() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected);
}
