namespace AssumeRoleCli.Cli;

/// <summary>
/// The console as commands see it: results go to <see cref="Out"/>, progress, prompts and diagnostics to
/// <see cref="Error"/>. Tests pass string writers; the program passes the process's standard streams.
/// </summary>
public sealed class Terminal
{
    /// <param name="outPalette">Colours for <paramref name="output"/>; plain when null.</param>
    /// <param name="errorPalette">Colours for <paramref name="error"/>; plain when null.</param>
    /// <param name="errorIsInteractive">False when stderr is captured (e.g. by the AWS CLI running a credential_process).</param>
    /// <param name="controllingTerminal">Opens the controlling terminal (/dev/tty) to ask on; null: there is none.</param>
    /// <param name="outWidth">The columns of <paramref name="output"/> when it is a terminal; null when it is not (a file, a pipe).</param>
    public Terminal(
        TextWriter output, TextWriter error, TextReader input, bool inputIsInteractive, Palette? outPalette = null, Palette? errorPalette = null,
        bool errorIsInteractive = true, Func<PromptConsole?>? controllingTerminal = null, int? outWidth = null)
    {
        OutWidth = outWidth;
        Out = output;
        Error = error;
        In = input;
        InputIsInteractive = inputIsInteractive;
        ErrorIsInteractive = errorIsInteractive;
        OutPalette = outPalette ?? Palette.Plain;
        ErrorPalette = errorPalette ?? Palette.Plain;
        _controllingTerminal = controllingTerminal ?? (() => null);
    }

    private readonly Func<PromptConsole?> _controllingTerminal;

    public TextWriter Out { get; }

    /// <summary>How wide stdout is when it is a terminal (what tables must fit); null when it is not: full width.</summary>
    public int? OutWidth { get; }

    public TextWriter Error { get; }

    public TextReader In { get; }

    /// <summary>False when stdin is redirected or closed: a prompt then cannot be answered by a person.</summary>
    public bool InputIsInteractive { get; }

    /// <summary>False when stderr is redirected: a question written there may never reach a person.</summary>
    public bool ErrorIsInteractive { get; }

    public Palette OutPalette { get; }

    public Palette ErrorPalette { get; }

    /// <summary>
    /// True once the plan was approved (asked or --auto-approve): only then can AWS have been changed, so Ctrl-C before
    /// it says "nothing was changed".
    /// </summary>
    public bool Approved { get; private set; }

    /// <summary>Marks the plan approved (see <see cref="Approved"/>).</summary>
    public void Approve() => Approved = true;

    /// <summary>Where a plan goes: stdout, unless stdout is reserved for the JSON result.</summary>
    public TextWriter PlanWriter(OutputFormat format) => format == OutputFormat.Json ? Error : Out;

    /// <summary>The colours of <paramref name="writer"/> (one of <see cref="Out"/> and <see cref="Error"/>).</summary>
    public Palette PaletteFor(TextWriter writer) => ReferenceEquals(writer, Error) ? ErrorPalette : OutPalette;

    /// <summary>The same streams with colour off (--no-color).</summary>
    public Terminal WithoutColor() =>
        new(Out, Error, In, InputIsInteractive, errorIsInteractive: ErrorIsInteractive, controllingTerminal: _controllingTerminal, outWidth: OutWidth);

    /// <summary>
    /// Where a person can be asked: stdin and stderr when both are a terminal; else the controlling terminal, as ssh
    /// and sudo ask (a credential_process has its stderr captured by the AWS CLI, but its user is at that terminal);
    /// null when there is none.
    /// </summary>
    public PromptConsole? OpenPrompt() => InputIsInteractive && ErrorIsInteractive ? new PromptConsole(In, Error) : _controllingTerminal();

    /// <summary>A warning: one line on stderr, "Warning:" coloured as every warning is.</summary>
    public Task WarnAsync(string message) => Error.WriteLineAsync($"{ErrorPalette.Warning("Warning:")} {message}");

    /// <summary>One line of input; <paramref name="ct"/> abandons the wait at once (Ctrl-C at a prompt).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct) => await In.ReadLineAsync(ct).AsTask().WaitAsync(ct);

    /// <summary>The process's own streams; colour where a stream is a terminal and NO_COLOR is not set.</summary>
    public static Terminal FromProcess()
    {
        var noColor = Environment.GetEnvironmentVariable("NO_COLOR");
        var term = Environment.GetEnvironmentVariable("TERM");
        return new Terminal(
            StandardStreams.Output(),
            StandardStreams.Error(),
            StandardStreams.Input(),
            !Console.IsInputRedirected,
            Palette.For(!Console.IsOutputRedirected, noColor, term),
            Palette.For(!Console.IsErrorRedirected, noColor, term),
            !Console.IsErrorRedirected,
            StandardStreams.ControllingTerminal,
            Console.IsOutputRedirected ? null : WidthOf(Environment.GetEnvironmentVariable("COLUMNS")));
    }

    /// <summary>The terminal's width (COLUMNS when set, as the shell says after a resize, else the kernel's); null when unknown.</summary>
    private static int? WidthOf(string? columns)
    {
        if (int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var given) && given > 0)
        {
            return given;
        }

        return TerminalWidth.OfStandardOutput();
    }
}

/// <summary>Where a question is written and its answer read.</summary>
public sealed record PromptConsole(TextReader In, TextWriter Out);
