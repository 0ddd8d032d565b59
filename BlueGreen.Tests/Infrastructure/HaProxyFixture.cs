using System.Diagnostics;
using System.Globalization;
using System.Text;
using BlueGreen.Core.HaProxy;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// A real HAProxy (<c>haproxy -f &lt;generated cfg&gt; -db</c>) on loopback for one test: one HTTP frontend, one backend
/// with the given servers (HTTP checks on <c>GET /health</c>), and an admin runtime socket in a temp folder (plus an
/// optional TCP one). Starting waits until the socket answers; disposing kills the process by its id and deletes the
/// folder. Helpers throw with HAProxy's own output when they fail.
/// </summary>
/// <remarks>Skips the test (or fails it under <c>BLUEGREEN_REQUIRE_INTEGRATION=1</c>) when haproxy is not installed.
/// The backend servers themselves are not started here: tests start what they need (e.g. Kestrel apps) and pass the
/// ports, so a test can also point a server at a dead port.</remarks>
public sealed class HaProxyFixture : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HaProxyRuntimeClient _client;

    private HaProxyFixture(Settings settings, string folder, string config, int frontendPort, Process process)
    {
        Backend = settings.Backend;
        Folder = folder;
        Config = config;
        FrontendPort = frontendPort;
        TcpRuntimePort = settings.TcpRuntimePort;
        _process = process;
        _client = new HaProxyRuntimeClient(SocketPath, TimeSpan.FromSeconds(5));
    }

    /// <summary>One backend server line.</summary>
    /// <param name="Name">HAProxy server name.</param>
    /// <param name="Port">Port on 127.0.0.1 (a dead port is fine: the server is then DOWN with L4CON).</param>
    /// <param name="Disabled">Starts in maintenance (<c>disabled</c> in the configuration).</param>
    /// <param name="Check">Health-checked with <c>GET /health</c>; false prints "no check".</param>
    public sealed record Server(string Name, int Port, bool Disabled = false, bool Check = true);

    /// <summary>What to generate.</summary>
    public sealed class Settings
    {
        public required IReadOnlyList<Server> Servers { get; init; }
        public string Backend { get; init; } = "app";
        /// <summary>Frontend port on 127.0.0.1; 0 picks a free one.</summary>
        public int FrontendPort { get; init; }
        /// <summary>Adds <c>stats socket ipv4@127.0.0.1:PORT level admin</c> when set.</summary>
        public int? TcpRuntimePort { get; init; }
        /// <summary>Check interval (inter, fastinter, downinter). Short by default so tests do not wait long.</summary>
        public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);
        public int Rise { get; init; } = 2;
        public int Fall { get; init; } = 2;
    }

    public string Backend { get; }
    public string Folder { get; }
    public string Config { get; }
    public int FrontendPort { get; }
    public int? TcpRuntimePort { get; }
    public int ProcessId => _process.Id;
    public string SocketPath => Path.Combine(Folder, "haproxy.sock");
    public string FrontendUrl => $"http://127.0.0.1:{FrontendPort}/";

    /// <summary><c>tcp://127.0.0.1:PORT</c> when a TCP runtime socket was configured.</summary>
    public string TcpRuntimeAddress => TcpRuntimePort is { } port
        ? $"tcp://127.0.0.1:{port}"
        : throw new InvalidOperationException("This HAProxy was started without a TCP runtime socket (Settings.TcpRuntimePort).");

    /// <summary>What HAProxy printed so far (its warnings and alerts go to stderr under -db).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Writes the configuration, starts HAProxy and waits until its runtime socket answers <c>show info</c>.</summary>
    public static async Task<HaProxyFixture> StartAsync(Settings settings, CancellationToken cancellationToken)
    {
        var executable = Integration.RequireExecutable("haproxy", "haproxy");
        var folder = Integration.TempFolder("haproxy");
        var frontendPort = settings.FrontendPort == 0 ? Integration.FreePort() : settings.FrontendPort;
        var config = BuildConfig(settings, folder, frontendPort);
        var configPath = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(configPath, config, cancellationToken);

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        startInfo.ArgumentList.Add("-f");
        startInfo.ArgumentList.Add(configPath);
        startInfo.ArgumentList.Add("-db");
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        HaProxyFixture? fixture = null;
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start '{executable}'.");
            }
            fixture = new HaProxyFixture(settings, folder, config, frontendPort, process);
            process.OutputDataReceived += (_, e) => fixture.Append(e.Data);
            process.ErrorDataReceived += (_, e) => fixture.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await fixture.WaitUntilReadyAsync(cancellationToken);
            return fixture;
        }
        catch
        {
            if (fixture is not null)
            {
                await fixture.DisposeAsync();
            }
            else
            {
                process.Dispose();
                Directory.Delete(folder, recursive: true);
            }
            throw;
        }
    }

    /// <summary>Runs a runtime API command on the unix socket and returns the raw answer.</summary>
    public Task<string> RunCommandAsync(string command, CancellationToken cancellationToken) =>
        _client.ExecuteAsync(command, cancellationToken);

    /// <summary>The <c>show stat</c> row of a server of this backend.</summary>
    public async Task<HaProxyStatRow> ReadStatAsync(string server, CancellationToken cancellationToken)
    {
        var answer = await RunCommandAsync("show stat", cancellationToken);
        return HaProxyStatParser.Parse(answer).FirstOrDefault(r => r.ProxyName == Backend && r.ServiceName == server)
            ?? throw new InvalidOperationException(
                $"HAProxy's show stat has no row for {Backend}/{server}.\nAnswer:\n{answer}\nHAProxy output:\n{Output}");
    }

    /// <summary>Polls <c>show stat</c> until the server's status satisfies <paramref name="condition"/>; throws with the
    /// last status and HAProxy's output when <paramref name="timeout"/> passes first.</summary>
    public async Task<HaProxyStatRow> WaitForStatusAsync(string server, Func<string, bool> condition, string expected,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        HaProxyStatRow row;
        do
        {
            row = await ReadStatAsync(server, cancellationToken);
            if (condition(row.Status))
            {
                return row;
            }
            await Task.Delay(50, cancellationToken);
        }
        while (Stopwatch.GetTimestamp() < deadline);
        throw new TimeoutException($"{Backend}/{server} did not become {expected} within {timeout.TotalSeconds} s: "
            + $"status \"{row.Status}\", check \"{row.CheckStatus}\".\nHAProxy output:\n{Output}");
    }

    /// <summary>Fault helper: kills HAProxy (by its process id) and waits for it to exit. The socket file stays behind,
    /// so clients then get "connection refused", as after a crash.</summary>
    public void KillHaProxy()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"HAProxy (pid {ProcessId}) had already exited.\nHAProxy output:\n{Output}");
        }
        _process.Kill();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"HAProxy (pid {ProcessId}) did not exit after kill.\nHAProxy output:\n{Output}");
        }
    }

    /// <summary>Where <see cref="KillAdminSocket"/> moved the socket file (a unix socket keeps working under any name,
    /// so <see cref="RestoreAdminSocket"/> can bring it back).</summary>
    public string LostSocketPath => SocketPath + ".lost";

    /// <summary>Fault helper: the admin socket disappears while HAProxy keeps running and serving traffic, as when a
    /// tmp cleaner or a careless <c>rm</c> removes it: the socket file is moved aside, so every new runtime API
    /// connection fails with "no such file" (the TCP runtime socket, if configured, still answers). Throws with
    /// HAProxy's output when there is no socket file to remove or HAProxy is not running.</summary>
    public void KillAdminSocket()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"KillAdminSocket: HAProxy (pid {ProcessId}) is not running.\nHAProxy output:\n{Output}");
        }
        if (!File.Exists(SocketPath))
        {
            throw new InvalidOperationException($"KillAdminSocket: there is no socket file at {SocketPath}.\nHAProxy output:\n{Output}");
        }
        File.Move(SocketPath, LostSocketPath);
    }

    /// <summary>Undoes <see cref="KillAdminSocket"/>: the same listening socket is back at <see cref="SocketPath"/>.</summary>
    public void RestoreAdminSocket()
    {
        if (!File.Exists(LostSocketPath))
        {
            throw new InvalidOperationException($"RestoreAdminSocket: no socket was removed ({LostSocketPath} does not exist).\nHAProxy output:\n{Output}");
        }
        File.Move(LostSocketPath, SocketPath);
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
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test for.
            }
        }
    }

    private static string BuildConfig(Settings settings, string folder, int frontendPort)
    {
        var ms = ((int)settings.CheckInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var config = new StringBuilder()
            .AppendLine("global")
            .AppendLine($"    stats socket {Path.Combine(folder, "haproxy.sock")} mode 600 level admin");
        if (settings.TcpRuntimePort is { } tcpPort)
        {
            config.AppendLine($"    stats socket ipv4@127.0.0.1:{tcpPort} level admin");
        }
        config
            .AppendLine("    stats timeout 10s")
            .AppendLine("defaults")
            .AppendLine("    mode http")
            .AppendLine("    timeout connect 1s")
            .AppendLine("    timeout client 30s")
            .AppendLine("    timeout server 30s")
            // Without it a check must answer within inter (200 ms here): a busy CI machine would flap servers.
            .AppendLine("    timeout check 2s")
            .AppendLine("    retries 2")
            .AppendLine("    option redispatch")
            .AppendLine("frontend fe")
            .AppendLine($"    bind 127.0.0.1:{frontendPort}")
            .AppendLine($"    default_backend {settings.Backend}")
            .AppendLine($"backend {settings.Backend}")
            .AppendLine("    balance roundrobin")
            .AppendLine("    option httpchk GET /health")
            .AppendLine($"    default-server inter {ms}ms fastinter {ms}ms downinter {ms}ms rise {settings.Rise} fall {settings.Fall}");
        foreach (var server in settings.Servers)
        {
            config.Append($"    server {server.Name} 127.0.0.1:{server.Port}");
            config.Append(server.Check ? " check" : "");
            config.AppendLine(server.Disabled ? " disabled" : "");
        }
        return config.ToString();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(s_startTimeout.TotalSeconds * Stopwatch.Frequency);
        var probe = new HaProxyRuntimeClient(SocketPath, TimeSpan.FromSeconds(1));
        Exception? last = null;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                // Also waits for the redirected output to reach its end, so the message has all of it.
                await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                throw new InvalidOperationException(
                    $"HAProxy exited with code {_process.ExitCode} before its runtime socket answered.\n"
                    + $"Configuration:\n{Config}\nHAProxy output:\n{Output}");
            }
            if (File.Exists(SocketPath))
            {
                try
                {
                    var info = await probe.ExecuteAsync("show info", cancellationToken);
                    if (info.Contains("Name: HAProxy", StringComparison.Ordinal))
                    {
                        return;
                    }
                    last = new InvalidOperationException($"Unexpected 'show info' answer: {info}");
                }
                catch (HaProxyUnreachableException ex)
                {
                    last = ex;
                }
            }
            await Task.Delay(25, cancellationToken);
        }
        throw new TimeoutException($"HAProxy (pid {ProcessId}) did not answer on {SocketPath} within "
            + $"{s_startTimeout.TotalSeconds} s. Last error: {last?.Message}\nHAProxy output:\n{Output}");
    }
}
