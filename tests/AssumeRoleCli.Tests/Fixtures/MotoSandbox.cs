using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// Moto-backed test classes take a <see cref="MotoSandbox"/> in their constructor. They are either
/// <c>IClassFixture&lt;MotoSandbox&gt;</c> (their own xunit collection: they run in parallel with the other classes)
/// or <c>[Collection(MotoCollection.Name)]</c> (one serial collection, beside the parallel ones), or
/// <c>[Collection(MotoAloneCollection.Name)]</c> (run alone, for wall-clock assertions).
/// Either way every <see cref="MotoSandbox"/> is a handle on ONE process-wide moto server and world pool.
/// </summary>
[CollectionDefinition(Name)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is an xunit collection definition.")]
public sealed class MotoCollection : ICollectionFixture<MotoSandbox>
{
    public const string Name = "moto";
}

/// <summary>
/// For moto classes that assert wall-clock bounds (latency served together, a command's critical path): xunit runs
/// this collection alone, after the parallel ones, so other tests' load on the one moto server cannot stretch them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is an xunit collection definition.")]
public sealed class MotoAloneCollection : ICollectionFixture<MotoSandbox>
{
    public const string Name = "moto, alone";
}

/// <summary>
/// One moto server for the whole test process, bootstrapped by scripts/moto_sandbox.py with <see cref="WorldCount"/>
/// two-account worlds (one source account shared by all worlds, a fresh destination account each),
/// then switched to enforcing signatures, access keys and IAM policies. It starts when the run begins (see
/// <see cref="MotoLastOrderer"/>), while the tests that need no moto already run, and stops when the process exits.
/// Each test calls <see cref="LeaseWorld"/> to get accounts nobody else uses.
/// A sandbox that cannot start reports why once (the first test that asks); later tests get a one-line pointer.
/// </summary>
public sealed class MotoSandbox : IAsyncLifetime
{
    /// <summary>
    /// Worlds bootstrapped up front; every LeaseWorld() call (each case of a theory included) uses one. Each world
    /// costs one new destination account, ~1 s of moto CPU (with managed policies loaded, moto builds the IAM backends
    /// of every partition per new account); the source account is created once and shared. moto's auth is global, so
    /// worlds cannot be added once tests run: the pool is sized to the suite (a full run leases about 100; count
    /// with grep LeaseWorld) plus a margin. An exhausted pool fails the test that asks, loudly.
    /// </summary>
    public static readonly int WorldCount = WorldCountFor(Environment.GetEnvironmentVariable("ASSUMEROLE_TEST_WORLDS"));

    /// <summary>
    /// A developer running a few moto tests with <c>--filter</c> may set ASSUMEROLE_TEST_WORLDS to bootstrap fewer
    /// worlds (each costs ~1 s of moto CPU); unset, the whole suite's count.
    /// </summary>
    private static int WorldCountFor(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 192;

    public const string Region = "us-east-1";
    public const string SolutionFileName = "AssumeRoleCli.sln";
    /// <summary>~1 min for all worlds on an idle machine; 56 worlds took 4 min 50 s on 2 cores busy with other builds.</summary>
    public static readonly TimeSpan BootstrapTimeout = TimeSpan.FromMinutes(10);

    private static readonly Lock StartLock = new();
    private static Task<SharedSandbox>? _shared;
    private static int _failureReported;
    private SharedSandbox? _sandbox;
    private Exception? _failure;

    /// <summary>Starts the process-wide sandbox now, in the background, unless it is started already.</summary>
    public static Task StartInBackground() => Shared();

    private static Task<SharedSandbox> Shared()
    {
        lock (StartLock)
        {
            return _shared ??= Task.Run(SharedSandbox.StartAsync);
        }
    }

    private SharedSandbox Sandbox
    {
        get
        {
            if (_sandbox is not null)
            {
                return _sandbox;
            }

            // The full story once per process; every later caller gets a pointer to it.
            if (Interlocked.Exchange(ref _failureReported, 1) == 0 && _failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }

            throw new InvalidOperationException(
                "The moto sandbox could not start; the reason is reported once, by the first moto test that failed.");
        }
    }

    /// <summary>Temp directory holding world-N/ directories and the server log; deleted when the process exits.</summary>
    public string RootDirectory => Sandbox.RootDirectory;

    public MotoServer Server => Sandbox.Server;

    public string EndpointUrl => Server.EndpointUrl;

    /// <summary>
    /// The AWS-behaviour proxy in front of this moto server, knowing every world's keys. A test that needs AWS
    /// behaviour moto lacks opens its own scope: <c>using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());</c>
    /// then uses <c>aws.World</c> (whose EndpointUrl goes through the proxy) and <c>aws.Add(rule)</c>.
    /// </summary>
    public AwsBehaviourProxy Proxy => Sandbox.Proxy;

    public TimeSpan ServerStartTime => Server.StartupTime;

    /// <summary>Wall time of moto_sandbox.py (all worlds plus enabling auth).</summary>
    public TimeSpan BootstrapTime => Sandbox.BootstrapTime;

    public int WorldsRemaining => Sandbox.WorldsRemaining;

    /// <summary>Waits for the shared sandbox; a failure is kept and reported by the first member a test uses.</summary>
    public async Task InitializeAsync()
    {
        try
        {
            _sandbox = await Shared();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or InvalidDataException or System.Text.Json.JsonException or System.ComponentModel.Win32Exception)
        {
            _failure = e;
        }
    }

    /// <summary>The shared sandbox outlives every handle; it stops when the process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A world whose destination account no other caller gets (the source account, whose user may only call
    /// sts:AssumeRole / sts:GetCallerIdentity, is shared by all worlds). Thread-safe.
    /// </summary>
    public TwoAccountWorld LeaseWorld() => Sandbox.LeaseWorld();

    /// <summary>Tail of moto's log, handy in assertion messages.</summary>
    public string ServerLogTail(int maxLines = 80) => _sandbox?.ServerLogTail(maxLines) ?? "(server not started)";

    /// <summary>The directory containing AssumeRoleCli.sln, found by walking up from the test binaries.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The process-wide moto server, its worlds and its proxy, behind every <see cref="MotoSandbox"/> handle.</summary>
internal sealed class SharedSandbox
{
    private readonly List<TwoAccountWorld> _worlds = [];
    private int _leased;
    private MotoServer? _server;
    private AwsBehaviourProxy? _proxy;

    public string RootDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "assumerole-moto-" + Guid.NewGuid().ToString("N")[..12]);

    public MotoServer Server => _server ?? throw new InvalidOperationException("The moto sandbox is not initialized.");

    public AwsBehaviourProxy Proxy => _proxy ?? throw new InvalidOperationException("The moto sandbox is not initialized.");

    public TimeSpan BootstrapTime { get; private set; }

    public int WorldsRemaining => Math.Max(0, _worlds.Count - Volatile.Read(ref _leased));

    public static async Task<SharedSandbox> StartAsync()
    {
        var sandbox = new SharedSandbox();
        try
        {
            sandbox._server = await MotoServer.StartAsync(sandbox.RootDirectory);
            await sandbox.BootstrapAsync(sandbox._server.EndpointUrl);
            sandbox._proxy = AwsBehaviourProxy.For(sandbox._server.EndpointUrl, MotoSandbox.Region, sandbox._worlds);
        }
        catch
        {
            sandbox.Stop();
            throw;
        }

        // xunit has no assembly-wide fixture: the server goes when the test process does.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => sandbox.Stop();
        return sandbox;
    }

    public TwoAccountWorld LeaseWorld()
    {
        var index = Interlocked.Increment(ref _leased) - 1;
        if (index >= _worlds.Count)
        {
            throw new InvalidOperationException(
                $"The moto sandbox world pool is exhausted: all {_worlds.Count} worlds are leased. " +
                $"Raise {nameof(MotoSandbox)}.{nameof(MotoSandbox.WorldCount)} in {nameof(MotoSandbox)}.cs " +
                "(or ASSUMEROLE_TEST_WORLDS for a filtered run).");
        }

        return _worlds[index];
    }

    public string ServerLogTail(int maxLines) => _server?.ReadLogTail(maxLines) ?? "(server not started)";

    private void Stop()
    {
        _proxy?.Dispose();
        _server?.Dispose();
        try
        {
            if (System.IO.Directory.Exists(RootDirectory))
            {
                System.IO.Directory.Delete(RootDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }
    }

    private async Task BootstrapAsync(string endpointUrl)
    {
        var script = Path.Combine(MotoSandbox.FindRepositoryRoot(), "scripts", "moto_sandbox.py");
        var python = Prerequisites.Python3 ?? throw new InvalidOperationException(
            $"python3 was not found; it runs {script} (with boto3): {Prerequisites.SetupHint}.");
        var worldsDirectory = Path.Combine(RootDirectory, "worlds");

        var startInfo = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            script, "--endpoint", endpointUrl, "--out", worldsDirectory,
            "--worlds", MotoSandbox.WorldCount.ToString(CultureInfo.InvariantCulture), "--region", MotoSandbox.Region, "--enable-auth",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {python} {script}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(MotoSandbox.BootstrapTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    $"{script} did not finish within {MotoSandbox.BootstrapTimeout}. moto log:\n{ServerLogTail(80)}");
            }
        }

        BootstrapTime = stopwatch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed with exit code {process.ExitCode}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}\n" +
                $"moto log:\n{ServerLogTail(80)}");
        }

        await stdout;
        await stderr;
        for (var i = 1; i <= MotoSandbox.WorldCount; i++)
        {
            _worlds.Add(TwoAccountWorld.Load(Path.Combine(worldsDirectory, $"world-{i}")));
        }
    }
}
