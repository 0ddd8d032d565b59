using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Keeps one SSH connection per host, shared by every command to that host (SSH runs each command on its own
/// channel of the connection). A connection is opened on first use and opened again when it was lost; commands are
/// never re-run by the pool. Connecting retries with counted, capped exponential back-off; a refused host key or
/// login is not retried. Thread-safe; register as a singleton. Disposing closes every connection.
/// </summary>
public sealed partial class SshConnectionPool : IAsyncDisposable, IDisposable
{
    private readonly SshOptions _options;
    private readonly HostKeyVerifier _verifier;
    private readonly ILogger<SshConnectionPool> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<SshEndpoint, HostConnection> _connections = new();
    private int _disposed;

    /// <summary>Creates an empty pool; nothing connects until the first command.</summary>
    public SshConnectionPool(IOptions<SshOptions> options, ILogger<SshConnectionPool> logger, TimeProvider timeProvider)
    {
        _options = options.Value;
        _verifier = new HostKeyVerifier(_options);
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>The address for a command's host, with <see cref="SshOptions.Port"/> when it names none.</summary>
    /// <exception cref="ArgumentException">The host is malformed.</exception>
    public SshEndpoint Resolve(string host) => SshEndpoint.Parse(host, _options.Port);

    /// <summary>Number of hosts with an open connection right now.</summary>
    public int OpenConnections => _connections.Values.Count(c => c.Current is { } client && IsAlive(client));

    /// <summary>The open connection to <paramref name="endpoint"/>, connecting first if there is none or it was
    /// lost. Concurrent callers for one host wait for a single connect.</summary>
    internal async Task<SshClient> GetClientAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var entry = _connections.GetOrAdd(endpoint, static _ => new HostConnection());
        if (entry.Current is { } current && IsAlive(current))
        {
            return current;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Current is { } existing)
            {
                if (IsAlive(existing))
                {
                    return existing;
                }
                _logger.LogInformation("SSH connection to {Endpoint} was lost; reconnecting", endpoint);
                entry.Current = null;
                DisposeQuietly(existing);
            }
            var client = await ConnectAsync(endpoint, static info => new SshClient(info), cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed while connecting: Dispose() has already closed what it saw; close this one too.
                DisposeQuietly(client);
                throw new ObjectDisposedException(nameof(SshConnectionPool));
            }
            entry.Current = client;
            return client;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Opens a separate SFTP connection (verified like the command connection). The caller disposes it.</summary>
    internal Task<SftpClient> ConnectSftpAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ConnectAsync(endpoint, static info => new SftpClient(info), cancellationToken);
    }

    /// <summary>Forgets <paramref name="client"/> after a command found it broken, so the next command reconnects
    /// even if the library still reports it connected. A newer connection for the host is left alone.</summary>
    internal void Invalidate(SshEndpoint endpoint, SshClient client)
    {
        if (_connections.TryGetValue(endpoint, out var entry) && entry.TryClear(client))
        {
            _logger.LogInformation("Dropped the broken SSH connection to {Endpoint}; the next command reconnects", endpoint);
            DisposeQuietly(client);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var entry in _connections.Values)
        {
            if (entry.Current is { } client)
            {
                entry.Current = null;
                DisposeQuietly(client);
            }
        }
        _connections.Clear();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsAlive(BaseClient client)
    {
        try
        {
            return client.IsConnected;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void DisposeQuietly(BaseClient client)
    {
        try
        {
            client.Dispose();
        }
        catch (Exception ex)
        {
            // Closing a connection that is already dead may fail; there is nothing left to clean up.
            _logger.LogDebug(ex, "Closing an SSH connection failed");
        }
    }

    /// <summary>One host's slot: the current connection and the gate that serialises connecting.</summary>
    private sealed class HostConnection
    {
        private SshClient? _current;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SshClient? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public bool TryClear(SshClient client) => Interlocked.CompareExchange(ref _current, null, client) == client;
    }
}
