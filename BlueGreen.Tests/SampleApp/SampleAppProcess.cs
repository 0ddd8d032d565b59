using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using BlueGreen.SampleApp;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.SampleApp;

/// <summary>
/// A real <c>BlueGreen.SampleApp</c> process on a loopback port, started with <c>dotnet BlueGreen.SampleApp.dll</c>
/// from the test output folder (copied there by the project reference). Ready once <c>/health</c> answers; stopped
/// by its pid on dispose. Fault helpers: <see cref="Kill"/> (SIGKILL), <see cref="Terminate"/> (SIGTERM) and
/// <see cref="Hang"/> / <see cref="Resume"/> (SIGSTOP / SIGCONT).
/// </summary>
public sealed class SampleAppProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly HttpClient s_probe = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private SampleAppProcess(Process process, ConcurrentQueue<string> output, string version, string name, int port)
    {
        _process = process;
        _output = output;
        Version = version;
        Name = name;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "BlueGreen.SampleApp.dll");

    public string Version { get; }
    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    /// <summary><c>127.0.0.1:port</c>, as a load balancer's server line names it.</summary>
    public string Address => $"127.0.0.1:{Port}";
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    /// <summary>What the process wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a sample app and waits (bounded) until its <c>/health</c> answers 200.</summary>
    public static async Task<SampleAppProcess> StartAsync(string version, string? name = null, int? port = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var actualPort = port ?? Integration.FreePort();
        var actualName = name ?? $"app-{actualPort}";
        var (process, output) = Launch(["--version", version, "--port", actualPort.ToString(), "--name", actualName], environment);
        var app = new SampleAppProcess(process, output, version, actualName, actualPort);
        try
        {
            await app.WaitUntilHealthyAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the sample app with raw <paramref name="args"/> until it exits (bounded); returns the exit code and
    /// its output. For command-line and start-up failure tests.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (process, output) = Launch(args, environment: null);
        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                process.Kill();
                throw new TimeoutException($"sampleapp {string.Join(' ', args)} did not exit within {timeout}. Output:\n{string.Join('\n', output)}");
            }
            // The exit event can come before the last output lines; WaitForExit() without a timeout drains them.
            process.WaitForExit();
            return (process.ExitCode, string.Join('\n', output));
        }
    }

    /// <summary>SIGKILL: the process dies at once, its sockets reset, nothing is drained.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>SIGTERM: the graceful stop a service manager sends.</summary>
    public void Terminate() => PosixSignals.Terminate(_process.Id);

    /// <summary>SIGSTOP: the process hangs (connections are accepted by the kernel, never answered) until
    /// <see cref="Resume"/>; a hung process cannot be stopped cleanly, so resume it before disposing.</summary>
    public void Hang() => PosixSignals.Stop(_process.Id);

    /// <summary>SIGCONT: a process hung by <see cref="Hang"/> runs again.</summary>
    public void Resume() => PosixSignals.Continue(_process.Id);

    /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"sampleapp {Name} (pid {Pid}) did not exit within {timeout}. Output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException(
                    $"sampleapp {Name} exited with code {_process.ExitCode} before it was healthy. Output:\n{Output}");
            }
            try
            {
                var health = await s_probe.GetFromJsonAsync(new Uri(BaseAddress, "/health"),
                    SampleAppJsonContext.Default.HealthResponse, cancellationToken);
                if (health?.Status == "ok")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Probe timed out; try again.
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"sampleapp {Name} on port {Port} was not healthy within {StartTimeout}. Output:\n{Output}");
    }

    private static (Process Process, ConcurrentQueue<string> Output) Launch(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException($"BlueGreen.SampleApp.dll is not in the test output folder {AppContext.BaseDirectory}.", DllPath);
        }
        var start = new ProcessStartInfo(DotnetPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(output, e.Data);
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static void Capture(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        // Bounded: a chatty process must not grow the test's memory without end.
        while (output.Count > 500 && output.TryDequeue(out _))
        {
        }
    }

    private static string DotnetPath =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Integration.FindExecutable("dotnet") ?? "dotnet";
}
