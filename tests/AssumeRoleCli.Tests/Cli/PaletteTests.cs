using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class PaletteTests
{
    [Theory]
    [InlineData(true, null, "xterm-256color", true)]
    [InlineData(true, "", "xterm", true)]
    [InlineData(false, null, "xterm", false)]
    [InlineData(true, "1", "xterm", false)]
    [InlineData(true, "0", "xterm", false)]
    [InlineData(true, null, "dumb", false)]
    public void Colour_OnlyOnATerminal_AndNeverWithNoColor(bool isTerminal, string? noColor, string? term, bool coloured) =>
        Assert.Equal(coloured, Palette.For(isTerminal, noColor, term).Enabled);

    [Fact]
    public void Plain_WritesTextAsGiven()
    {
        var plain = Palette.Plain;

        Assert.Equal("Error:", plain.Error("Error:"));
        Assert.Equal("+", plain.Added("+"));
        Assert.Equal("-", plain.Removed("-"));
        Assert.Equal("~", plain.Changed("~"));
    }

    [Fact]
    public void WithoutColor_KeepsTheStreams_AndDropsTheColour()
    {
        var terminal = new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), true, Palette.Ansi, Palette.Ansi);

        var plain = terminal.WithoutColor();

        Assert.Same(terminal.Out, plain.Out);
        Assert.Same(terminal.Error, plain.Error);
        Assert.False(plain.OutPalette.Enabled || plain.ErrorPalette.Enabled);
        Assert.Same(Palette.Ansi, terminal.PaletteFor(terminal.Error));
    }

    [Fact]
    public async Task AWarning_HasItsWarningColoured_OnAColourTerminal_AndIsPlainOtherwise()
    {
        var coloured = new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), true, Palette.Plain, Palette.Ansi);
        var plain = new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), true);

        await coloured.WarnAsync("careful");
        await plain.WarnAsync("careful");

        Assert.Equal("\u001b[1;33mWarning:\u001b[0m careful" + Environment.NewLine, coloured.Error.ToString());
        Assert.Equal("Warning: careful" + Environment.NewLine, plain.Error.ToString());
    }
}
