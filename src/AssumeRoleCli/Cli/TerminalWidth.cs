using System.Runtime.InteropServices;

namespace AssumeRoleCli.Cli;

/// <summary>
/// How many columns the terminal on stdout has, asked of the kernel (ioctl TIOCGWINSZ). Not Console.WindowWidth:
/// that first sets .NET's console up for the terminal, which writes the keypad-transmit sequence (ESC[?1h ESC=) to it,
/// an escape on a screen that asked for none (NO_COLOR) and a mode left switched on.
/// </summary>
internal static class TerminalWidth
{
    private const int StandardOutput = 1;

    /// <summary>The columns of the terminal on stdout; null when stdout is not one, or the platform is not Linux or macOS.</summary>
    public static int? OfStandardOutput()
    {
        nuint request = OperatingSystem.IsLinux() ? 0x5413u : OperatingSystem.IsMacOS() ? 0x40087468u : 0;
        if (request == 0)
        {
            return null;
        }

        try
        {
            return IoctlWindowSize(StandardOutput, request, out var size) == 0 && size.Columns > 0 ? size.Columns : null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>struct winsize: rows, columns, then pixel sizes, four unsigned shorts.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }

    // DllImport, not LibraryImport: a blittable struct needs no marshalling code, and LibraryImport would need unsafe blocks.
    [DllImport("libc", EntryPoint = "ioctl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int IoctlWindowSize(int fd, nuint request, out WindowSize size);
}
