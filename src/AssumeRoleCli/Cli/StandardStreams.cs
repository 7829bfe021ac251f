using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AssumeRoleCli.Cli;

/// <summary>The process's stdin, stdout and stderr, opened so that nothing but our own bytes reaches a terminal.</summary>
/// <remarks>
/// On Unix, .NET initialises its terminal support on the first write through System.Console's streams (Console.Out,
/// Console.Error, OpenStandardOutput), the first touch of Console.In, or a Console.CancelKeyPress subscription; when
/// stdout is a terminal that writes terminfo's keypad_xmit (ESC[?1h ESC=) to it and never writes keypad_local back,
/// leaving the user's shell in application-keypad mode. So when stdout is a terminal, the standard descriptors are
/// used directly: a terminal is not seekable, so a FileStream over one simply writes. Otherwise Console's own streams
/// are used, since they write with write(2) and so honour a file offset shared with others (<c>&gt; log 2&gt;&amp;1</c>),
/// which a FileStream over a regular file would not (it keeps its own position).
/// </remarks>
internal static class StandardStreams
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>True when Console's streams would switch the terminal on stdout into keypad mode.</summary>
    private static bool Direct => !OperatingSystem.IsWindows() && !Console.IsOutputRedirected;

    public static TextWriter Output() => Writer(new StandardOutputStream(Direct ? Open(1, FileAccess.Write) : Console.OpenStandardOutput()));

    public static TextWriter Error() => Writer(Direct ? Open(2, FileAccess.Write) : Console.OpenStandardError());

    /// <summary>
    /// A terminal is read directly too: Console's stream would read it through .NET's own line editor, which also
    /// initialises the console.
    /// </summary>
    public static TextReader Input() => new StreamReader(
        Direct || (!OperatingSystem.IsWindows() && !Console.IsInputRedirected) ? Open(0, FileAccess.Read) : Console.OpenStandardInput(),
        Utf8,
        detectEncodingFromByteOrderMarks: false,
        bufferSize: 256);

    /// <summary>The controlling terminal (/dev/tty), to ask on when stdin or stderr is not a terminal; null when there is none.</summary>
    public static PromptConsole? ControllingTerminal()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            return new PromptConsole(new StreamReader(tty, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 256), Writer(tty));
        }
        catch (Exception none) when (none is IOException or UnauthorizedAccessException)
        {
            // ENXIO: no controlling terminal (a CI job, setsid, a daemon).
            return null;
        }
    }

    private static TextWriter Writer(Stream stream) =>
        TextWriter.Synchronized(new StreamWriter(stream, Utf8, bufferSize: 1024) { AutoFlush = true });

    private static Stream Open(int descriptor, FileAccess access)
    {
        try
        {
            return new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), access, bufferSize: 0);
        }
        catch (Exception closed) when (closed is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // The descriptor is closed (e.g. started with 2>&-): write nowhere rather than fail.
            return Stream.Null;
        }
    }
}
