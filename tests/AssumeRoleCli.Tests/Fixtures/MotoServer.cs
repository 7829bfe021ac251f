using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A private <c>moto_server</c> (IAM, STS and EC2 on one port) bound to 127.0.0.1 on a free port.
/// Started with <c>MOTO_IAM_LOAD_MANAGED_POLICIES=true</c> (so AmazonEC2FullAccess exists) and never with
/// <c>MOTO_ACCOUNT_ID</c>. Its stdout/stderr go to <see cref="LogPath"/>. Dispose kills the whole process tree.
/// </summary>
public sealed class MotoServer : IDisposable
{
    public const string ExecutableName = "moto_server";
    public const string InstallHint = "pip install 'moto[server]'";
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _disposed;

    private MotoServer(Process process, StreamWriter log, string logPath, int port)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Port = port;
        EndpointUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string EndpointUrl { get; }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>moto's stdout and stderr (request log, tracebacks).</summary>
    public string LogPath { get; }

    /// <summary>Wall time from process start until <c>GET /moto-api/</c> answered.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// Starts moto and waits until it answers. Throws <see cref="InvalidOperationException"/> with set-up
    /// instructions if there is no <c>moto_server</c> (see <see cref="Prerequisites"/>): a missing server is a failing
    /// test, never a skip.
    /// </summary>
    public static async Task<MotoServer> StartAsync(string logDirectory, CancellationToken cancellationToken = default)
    {
        var executable = Prerequisites.MotoServer ?? throw new InvalidOperationException(
            $"'{ExecutableName}' was not found (not in {Prerequisites.EnvironmentFile}, not on PATH). The integration " +
            $"tests need moto 5.x's standalone server and python3 with boto3: {Prerequisites.SetupHint}.");

        System.IO.Directory.CreateDirectory(logDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(executable, LoopbackPort.Free(), logDirectory, attempt);
            try
            {
                if (await server.WaitUntilReadyAsync(retryOnPortTaken: attempt < PortAttempts, cancellationToken))
                {
                    return server;
                }
            }
            catch
            {
                server.Dispose();
                throw;
            }

            // Another process grabbed the port between probing and binding: try another one.
            server.Dispose();
        }
    }

    /// <summary>The last <paramref name="maxLines"/> lines of the server log, for failure messages.</summary>
    public string ReadLogTail(int maxLines = 80)
    {
        lock (_logLock)
        {
            if (!_disposed)
            {
                _log.Flush();
            }
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(maxLines));
        }
        catch (IOException e)
        {
            return $"(could not read {LogPath}: {e.Message})";
        }
    }

    /// <summary>Full path of <paramref name="executable"/> in a PATH directory, or null.</summary>
    public static string? FindOnPath(string executable)
    {
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", "" } : [""];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, executable + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
        lock (_logLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private static MotoServer Launch(string executable, int port, string logDirectory, int attempt)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";

        // Like real EC2: RunInstances with an AMI or key pair that does not exist is refused.
        startInfo.Environment["MOTO_ENABLE_AMI_VALIDATION"] = "true";
        startInfo.Environment["MOTO_ENABLE_KEYPAIR_VALIDATION"] = "true";
        // moto's AMIs have no Ubuntu 24.04 (the release launch-instance searches for): its list plus Canonical builds of several releases.
        startInfo.Environment["MOTO_AMIS_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "moto-amis.json");
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";
        // Its sitecustomize.py stops moto from building five unused IAM partitions per account (~5x less CPU per world).
        var speedup = Path.Combine(MotoSandbox.FindRepositoryRoot(), "scripts", "moto-speedup");
        startInfo.Environment["PYTHONPATH"] = startInfo.Environment.TryGetValue("PYTHONPATH", out var pythonPath) && !string.IsNullOrEmpty(pythonPath)
            ? speedup + Path.PathSeparator + pythonPath
            : speedup;
        // ...and makes moto exit when its stdin closes: this process holds it open until it dies, however it dies.
        startInfo.Environment["ASSUMEROLE_MOTO_EXIT_WITH_STDIN"] = "1";
        // MOTO_ACCOUNT_ID would put every key in one account; a preset auth countdown would break bootstrap.
        startInfo.Environment.Remove("MOTO_ACCOUNT_ID");
        startInfo.Environment.Remove("INITIAL_NO_AUTH_ACTION_COUNT");
        // moto calls botocore internally: a caller's AWS_PROFILE that moto cannot find turns EC2 calls into HTTP 500.
        startInfo.Environment.Remove("AWS_PROFILE");
        startInfo.Environment.Remove("AWS_DEFAULT_PROFILE");
        var nullDevice = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        startInfo.Environment["AWS_CONFIG_FILE"] = nullDevice;
        startInfo.Environment["AWS_SHARED_CREDENTIALS_FILE"] = nullDevice;

        var logPath = Path.Combine(logDirectory, $"moto-server-{port}-{attempt}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = false };
        log.WriteLine($"# {executable} -H 127.0.0.1 -p {port}");
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        MotoServer? server = null;
        try
        {
            process.Start();
            server = new MotoServer(process, log, logPath, port);
            process.OutputDataReceived += server.OnOutput;
            process.ErrorDataReceived += server.OnOutput;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return server;
        }
        catch
        {
            if (server is null)
            {
                process.Dispose();
                log.Dispose();
            }
            else
            {
                server.Dispose();
            }

            throw;
        }
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_disposed)
            {
                _log.WriteLine(e.Data);
            }
        }
    }

    /// <returns>false if moto died because the port was taken and <paramref name="retryOnPortTaken"/> is set.</returns>
    private async Task<bool> WaitUntilReadyAsync(bool retryOnPortTaken, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var probe = new Uri(EndpointUrl + "/moto-api/");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drain the output handlers
                var tail = ReadLogTail();
                if (retryOnPortTaken && tail.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                throw new InvalidOperationException(
                    $"{ExecutableName} exited with code {_process.ExitCode} before answering on {EndpointUrl}. " +
                    $"Log ({LogPath}):\n{tail}");
            }

            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    StartupTime = stopwatch.Elapsed;
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Per-request timeout; keep polling.
            }

            if (stopwatch.Elapsed > StartupTimeout)
            {
                throw new TimeoutException(
                    $"{ExecutableName} (pid {_process.Id}) did not answer GET {probe} within {StartupTimeout.TotalSeconds:0} s. " +
                    $"Log ({LogPath}):\n{ReadLogTail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
