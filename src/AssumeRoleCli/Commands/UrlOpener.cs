using System.ComponentModel;
using System.Diagnostics;

namespace AssumeRoleCli.Commands;

/// <summary>
/// Opens a URL that is a credential in the desktop's browser, with the platform's opener (xdg-open, macOS's open). The
/// opener's own output never reaches ours (xdg-open's errors quote the URL); it gets the URL as its argument, as with
/// aws-vault, the only way a browser can be handed one.
/// </summary>
internal static class UrlOpener
{
    /// <summary>
    /// How long the opener is waited for. xdg-open may run a browser in its foreground and last as long as it does: still
    /// running by then, it has taken the URL, and it is left to it.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static string Name => OperatingSystem.IsMacOS() ? "open" : "xdg-open";

    /// <summary>The opener's path, found before anything else is done (no role is assumed for a URL that cannot be opened).</summary>
    /// <exception cref="CliException">There is none on PATH.</exception>
    public static string Locate()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliException("--open is not supported on Windows yet: run without it and open the printed URL.");
        }

        return FindOnPath(Name)
            ?? throw new CliException($"--open needs '{Name}' on PATH to open a browser, and there is none: install it (xdg-utils), or run without --open to print the URL.");
    }

    /// <summary>Hands <paramref name="url"/> to <paramref name="opener"/> (from <see cref="Locate"/>).</summary>
    /// <exception cref="CliException">It failed.</exception>
    public static async Task OpenAsync(string opener, string url, CancellationToken ct)
    {
        // The shell sends the opener's streams to /dev/null, for good: a browser started in its foreground may outlive us.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec \"$0\" \"$1\" </dev/null >/dev/null 2>&1", opener, url })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException($"Could not run '{Name}'.");
        }
        catch (Win32Exception error)
        {
            throw new CliException($"Could not run '{Name}': {error.Message}");
        }

        using (process)
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
            patience.CancelAfter(Patience);
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return;
            }

            if (process.ExitCode != 0)
            {
                throw new CliException($"'{Name}' could not open a browser (it exited with {process.ExitCode}): run without --open to print the URL.");
            }
        }
    }

    /// <summary>The first executable file named <paramref name="name"/> in a PATH folder, as a shell finds it.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
