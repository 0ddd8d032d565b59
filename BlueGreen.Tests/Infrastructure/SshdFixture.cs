using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Ssh;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// A real OpenSSH server (<c>/usr/sbin/sshd -D -e</c>) on a free 127.0.0.1 port, with its own config, host key and
/// client keys in a temp folder, logging in the current user. Ready when the port answers with an SSH banner;
/// stopped by its pid (with its connection processes). Use as a class fixture (call <see cref="Require"/> first in
/// each test) or start a private one with <see cref="StartAsync"/> for tests that break connections.
/// </summary>
public sealed class SshdFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(15);

    private readonly StringBuilder _log = new();
    private Process? _sshd;
    private Exception? _startFailure;

    /// <summary>The address sshd listens on (loopback only).</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port sshd listens on.</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, the form <see cref="ShellCommand.Host"/> takes.</summary>
    public string HostAndPort => $"{Host}:{Port}";

    /// <summary>The temp folder with config, keys, pid file and test files; removed on dispose.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>The user the client logs in as (the one running the tests).</summary>
    public string UserName => Environment.UserName;

    /// <summary>Unencrypted ed25519 client key, authorised for <see cref="UserName"/>.</summary>
    public string ClientKeyPath => Path.Combine(Folder, "id_ed25519");

    /// <summary>Unencrypted RSA client key, authorised for <see cref="UserName"/>.</summary>
    public string ClientRsaKeyPath => Path.Combine(Folder, "id_rsa");

    /// <summary>The server's ed25519 host key fingerprint as <c>ssh-keygen -lf</c> prints it.</summary>
    public string HostKeyFingerprint { get; private set; } = "";

    /// <summary>The server's public host key, <c>ssh-ed25519 AAAA...</c>.</summary>
    public string HostPublicKey { get; private set; } = "";

    /// <summary>The server's second host key, <c>ssh-rsa AAAA...</c>.</summary>
    public string HostRsaPublicKey { get; private set; } = "";

    /// <summary>A known_hosts file with the correct ed25519 line for this server.</summary>
    public string KnownHostsPath => Path.Combine(Folder, "known_hosts");

    /// <summary>Pid of the listening sshd.</summary>
    public int Pid => _sshd?.Id ?? 0;

    /// <summary>What sshd wrote to stderr so far (it runs with <c>-e</c>).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a private server for one test; skips (or fails under CI) when OpenSSH is missing.</summary>
    public static async Task<SshdFixture> StartAsync(CancellationToken cancellationToken)
    {
        var fixture = new SshdFixture();
        RequireExecutables();
        try
        {
            await fixture.StartCoreAsync(cancellationToken);
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
        return fixture;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // A class fixture cannot skip; it records why it could not start and each test's Require() reports it.
        if (Integration.FindExecutable("sshd") is null || Integration.FindExecutable("ssh-keygen") is null)
        {
            return;
        }
        try
        {
            await StartCoreAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            _startFailure = ex;
        }
    }

    /// <summary>Skips the test when OpenSSH is missing (fails under CI); throws when sshd failed to start.</summary>
    public void Require()
    {
        RequireExecutables();
        if (_startFailure is not null)
        {
            throw new InvalidOperationException($"sshd did not start: {_startFailure.Message}", _startFailure);
        }
        if (_sshd is null)
        {
            throw new InvalidOperationException("sshd was not started.");
        }
    }

    /// <summary>Options for a pool that trusts this server through <see cref="KnownHostsPath"/> and logs in
    /// with the ed25519 client key. Short delays so fault tests stay fast.</summary>
    public SshOptions CreateOptions() => new()
    {
        Username = UserName,
        PrivateKeyPath = ClientKeyPath,
        KnownHostsPath = KnownHostsPath,
        Port = Port,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        KeepAlive = TimeSpan.Zero,
        MaxConnectAttempts = 3,
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        StopGracePeriod = TimeSpan.FromSeconds(2),
    };

    /// <summary>The sshd processes that serve connections (direct children of the listener), one per connection.</summary>
    public IReadOnlyList<int> ConnectionPids() => _sshd is null ? [] : ProcessTable.Children(_sshd.Id);

    /// <summary>
    /// Fault: kills (SIGKILL) every per-connection sshd process, so each client sees its connection drop as on a
    /// network failure; the listener keeps running and accepts new connections. Commands the sessions started are
    /// left running, as after a real network drop. Throws, with sshd's log, when there was no connection or a
    /// process survived.
    /// </summary>
    public void DropConnections()
    {
        var listener = _sshd ?? throw new InvalidOperationException("sshd is not running.");
        var victims = ProcessTable.Descendants(listener.Id).Where(p => ProcessTable.Name(p)?.StartsWith("sshd", StringComparison.Ordinal) == true).ToList();
        if (victims.Count == 0)
        {
            throw new InvalidOperationException($"DropConnections: sshd {listener.Id} serves no connection. sshd log:\n{Log}");
        }
        foreach (var pid in victims)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone: its parent's death ended it.
            }
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (victims.Any(ProcessTable.IsRunning))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"DropConnections: pids {string.Join(", ", victims.Where(ProcessTable.IsRunning))} survived SIGKILL. sshd log:\n{Log}");
            }
            Thread.Sleep(20);
        }
        if (listener.HasExited)
        {
            throw new InvalidOperationException($"DropConnections: the listener {listener.Id} died too. sshd log:\n{Log}");
        }
    }

    /// <summary>Stops sshd by its pid (with its connection processes) and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_sshd is { } sshd)
        {
            try
            {
                if (!sshd.HasExited)
                {
                    sshd.Kill(entireProcessTree: true);
                    await sshd.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Exited in the meantime.
            }
            sshd.Dispose();
            _sshd = null;
        }
        if (Folder.Length > 0 && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void RequireExecutables()
    {
        Integration.RequireExecutable("sshd", "openssh-server");
        Integration.RequireExecutable("ssh-keygen", "openssh-client");
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Folder = Integration.TempFolder("sshd");
        // sshd refuses to start as root without its privilege separation folder, which a container may lack.
        try
        {
            Directory.CreateDirectory("/run/sshd");
        }
        catch (UnauthorizedAccessException)
        {
            // Not root: sshd does not need it then.
        }

        var hostKey = Path.Combine(Folder, "ssh_host_ed25519_key");
        var hostRsaKey = Path.Combine(Folder, "ssh_host_rsa_key");
        await RunToolAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bluegreen-test-host", "-f", hostKey], cancellationToken);
        await RunToolAsync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "bluegreen-test-host-rsa", "-f", hostRsaKey], cancellationToken);
        await RunToolAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bluegreen-test-client", "-f", ClientKeyPath], cancellationToken);
        await RunToolAsync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "bluegreen-test-client-rsa", "-f", ClientRsaKeyPath], cancellationToken);
        var authorizedKeys = Path.Combine(Folder, "authorized_keys");
        await File.WriteAllTextAsync(authorizedKeys,
            await File.ReadAllTextAsync(ClientKeyPath + ".pub", cancellationToken) + await File.ReadAllTextAsync(ClientRsaKeyPath + ".pub", cancellationToken),
            cancellationToken);

        var publicKey = (await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken)).Split(' ');
        HostPublicKey = $"{publicKey[0]} {publicKey[1]}";
        var rsaPublicKey = (await File.ReadAllTextAsync(hostRsaKey + ".pub", cancellationToken)).Split(' ');
        HostRsaPublicKey = $"{rsaPublicKey[0]} {rsaPublicKey[1]}";
        HostKeyFingerprint = (await RunToolAsync("ssh-keygen", ["-lf", hostKey + ".pub"], cancellationToken)).Split(' ')[1];

        Port = Integration.FreePort();
        await File.WriteAllTextAsync(KnownHostsPath, $"[{Host}]:{Port} {HostPublicKey}\n", cancellationToken);
        var config = Path.Combine(Folder, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Port {Port}
            ListenAddress {Host}
            HostKey {hostKey}
            HostKey {hostRsaKey}
            PidFile {Path.Combine(Folder, "sshd.pid")}
            AuthorizedKeysFile {authorizedKeys}
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            UseDNS no
            PrintMotd no
            PrintLastLog no
            MaxSessions 32
            MaxStartups 32
            LogLevel VERBOSE
            Subsystem sftp internal-sftp

            """, cancellationToken);

        var startInfo = new ProcessStartInfo(Integration.FindExecutable("sshd")!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-D", "-e", "-f", config })
        {
            startInfo.ArgumentList.Add(argument);
        }
        var sshd = new Process { StartInfo = startInfo };
        sshd.ErrorDataReceived += (_, e) => Append(e.Data);
        sshd.OutputDataReceived += (_, e) => Append(e.Data);
        sshd.Start();
        _sshd = sshd;
        sshd.BeginErrorReadLine();
        sshd.BeginOutputReadLine();
        await WaitUntilReadyAsync(sshd, cancellationToken);
    }

    // Ready means: the port accepts a connection and sends an SSH banner. The probe connection goes away at once.
    private async Task WaitUntilReadyAsync(Process sshd, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (true)
        {
            if (sshd.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {sshd.ExitCode} during start-up. Its log:\n{Log}");
            }
            try
            {
                using var probe = new TcpClient();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(1));
                await probe.ConnectAsync(Host, Port, attempt.Token);
                var buffer = new byte[64];
                var read = await probe.GetStream().ReadAsync(buffer, attempt.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"sshd did not answer on {Host}:{Port} within {s_readyTimeout}. Its log:\n{Log}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static async Task<string> RunToolAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Integration.FindExecutable(tool) ?? tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
        return await output;
    }
}
