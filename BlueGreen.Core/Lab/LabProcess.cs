using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Lab;

/// <summary>
/// A child process of the lab (a sample service or haproxy): started with an argument list (no shell), its
/// output kept in a short ring for error messages, stopped by its id with SIGTERM and then SIGKILL.
/// </summary>
internal sealed class LabProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly ILogger _logger;

    private LabProcess(string name, Process process, ILogger logger)
    {
        Name = name;
        _process = process;
        _logger = logger;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process printed (stdout and stderr), for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public static LabProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, ILogger logger)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Its own folder: a child must not pick up whatever appsettings.json lies in the dashboard's folder.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The sample services must not pick up the dashboard's own URLs or environment.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var lab = new LabProcess(name, process, logger);
        process.OutputDataReceived += (_, e) => lab.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => lab.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}: {fileName}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return lab;
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/> for a graceful exit (in-flight requests finish), then SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        _logger.LogDebug("Stopping {Name} (pid {Pid})", Name, Pid);
        Posix.Kill(Pid, Posix.SigTerm);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("{Name} (pid {Pid}) did not stop within {Grace}; killing it", Name, Pid, grace);
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _logger.LogTrace("{Name}: {Line}", Name, line);
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
