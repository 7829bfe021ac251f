namespace AssumeRoleCli.Cli;

/// <summary>
/// The colours a stream may use: ANSI styles on a terminal, nothing at all otherwise. Renderers style through this
/// seam and never write an escape sequence themselves.
/// </summary>
public sealed class Palette
{
    /// <summary>No styling: text is written exactly as given.</summary>
    public static readonly Palette Plain = new(enabled: false);

    /// <summary>ANSI SGR colours (what Terraform uses on a terminal).</summary>
    public static readonly Palette Ansi = new(enabled: true);

    private Palette(bool enabled)
    {
        Enabled = enabled;
    }

    public bool Enabled { get; }

    /// <summary>
    /// Colour for a stream: only on a terminal, never with NO_COLOR set to anything (https://no-color.org), never
    /// for TERM=dumb.
    /// </summary>
    public static Palette For(bool isTerminal, string? noColor, string? term) =>
        isTerminal && string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal) ? Ansi : Plain;

    /// <summary>Something created: green.</summary>
    public string Added(string text) => Style("32", text);

    /// <summary>Something changed in place: yellow.</summary>
    public string Changed(string text) => Style("33", text);

    /// <summary>Something destroyed: red.</summary>
    public string Removed(string text) => Style("31", text);

    /// <summary>The "Error:" of an error line: bold red.</summary>
    public string Error(string text) => Style("1;31", text);

    /// <summary>The "Warning:" of a warning line: bold yellow, as Terraform's.</summary>
    public string Warning(string text) => Style("1;33", text);

    public string Bold(string text) => Style("1", text);

    private string Style(string sgr, string text) => Enabled ? $"\u001b[{sgr}m{text}\u001b[0m" : text;
}
