using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace BlueGreen.Core.Ssh;

// Connecting: credentials, host-key verification and the retry loop.
public sealed partial class SshConnectionPool
{
    private static readonly string[] s_defaultKeyFiles = ["id_ed25519", "id_ecdsa", "id_rsa"];

    /// <summary>Wait before the attempt after <paramref name="failures"/> failures: <paramref name="initial"/>
    /// doubled per further failure, never more than <paramref name="max"/>.</summary>
    internal static TimeSpan BackoffDelay(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ticks = Math.Min((double)initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(0, ticks));
    }

    private async Task<TClient> ConnectAsync<TClient>(SshEndpoint endpoint, Func<ConnectionInfo, TClient> create,
        CancellationToken cancellationToken) where TClient : BaseClient
    {
        var maxAttempts = Math.Max(1, _options.MaxConnectAttempts);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Read on every attempt so a line the operator just added applies without a restart.
            var knownHosts = KnownHostsFile.Load(_options.KnownHostsPath);
            foreach (var problem in knownHosts.Problems)
            {
                _logger.LogDebug("Skipped a line of {KnownHostsPath}: {Problem}", knownHosts.Path, problem);
            }

            var (connectionInfo, credentials) = CreateConnectionInfo(endpoint, knownHosts);
            var client = create(connectionInfo);
            SshHostKeyException? refusal = null;
            client.HostKeyReceived += (_, e) =>
            {
                refusal = _verifier.Check(endpoint, e.HostKey, knownHosts);
                e.CanTrust = refusal is null;
            };

            using var attemptTimeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            try
            {
                await client.ConnectAsync(linked.Token).ConfigureAwait(false);
                if (_options.KeepAlive > TimeSpan.Zero)
                {
                    client.KeepAliveInterval = _options.KeepAlive;
                }
                _logger.LogInformation("Connected to {Endpoint} over SSH as {Username} (attempt {Attempt}, server {ServerVersion})",
                    endpoint, _options.Username, attempt, connectionInfo.ServerVersion);
                return client;
            }
            catch (Exception ex)
            {
                DisposeQuietly(client);
                cancellationToken.ThrowIfCancellationRequested();
                if (refusal is not null)
                {
                    _logger.LogError("Refused the {Refusal} SSH host key of {Endpoint}: {KeyType} {Fingerprint}",
                        refusal.Refusal, endpoint, refusal.KeyType, refusal.Fingerprint);
                    throw refusal;
                }
                if (ex is SshAuthenticationException)
                {
                    _logger.LogError("SSH login as {Username} on {Endpoint} was refused: {Reason}", _options.Username, endpoint, ex.Message);
                    throw new RemoteShellException(endpoint.Host,
                        $"SSH login as '{_options.Username}' on {endpoint} was refused ({ex.Message}). Check that the public " +
                        $"key of {credentials} is in that user's ~/.ssh/authorized_keys on the server.", ex);
                }

                var reason = ex is OperationCanceledException
                    ? $"no SSH answer within {_options.ConnectTimeout.TotalSeconds:0.#} s"
                    : Describe(ex);
                _logger.LogWarning("SSH connect to {Endpoint} failed (attempt {Attempt} of {MaxAttempts}): {Reason}",
                    endpoint, attempt, maxAttempts, reason);
                if (attempt >= maxAttempts)
                {
                    throw new RemoteShellException(endpoint.Host,
                        $"Could not connect to {endpoint} over SSH after {attempt} attempt(s): {reason}. Check that the " +
                        $"server is up, that sshd listens on port {endpoint.Port} and that no firewall blocks it.", ex);
                }
                await Task.Delay(BackoffDelay(attempt, _options.ReconnectDelay, _options.MaxReconnectDelay), _timeProvider,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Authentication happens once, during connect: the key material is not needed afterwards.
                foreach (var method in connectionInfo.AuthenticationMethods)
                {
                    (method as IDisposable)?.Dispose();
                }
            }
        }
    }

    private (ConnectionInfo Info, string CredentialsDescription) CreateConnectionInfo(SshEndpoint endpoint, KnownHostsFile knownHosts)
    {
        var methods = new List<AuthenticationMethod>();
        var described = new List<string>();
        var keyPath = ResolvePrivateKeyPath();
        if (keyPath is not null)
        {
            var passphrase = ReadSecret(endpoint, _options.PrivateKeyPassphraseEnvironmentVariable, nameof(SshOptions.PrivateKeyPassphraseEnvironmentVariable));
            PrivateKeyFile key;
            try
            {
                key = passphrase is null ? new PrivateKeyFile(keyPath) : new PrivateKeyFile(keyPath, passphrase);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                var hint = passphrase is null && ex is SshPassPhraseNullOrEmptyException
                    ? $" The key is encrypted: set {SshOptions.ConfigurationSection}:{nameof(SshOptions.PrivateKeyPassphraseEnvironmentVariable)} " +
                      "to the name of an environment variable that holds its passphrase."
                    : "";
                throw new RemoteShellException(endpoint.Host, $"Cannot read the SSH private key {keyPath}: {ex.Message}.{hint}", ex);
            }
            methods.Add(new PrivateKeyAuthenticationMethod(_options.Username, key));
            described.Add(keyPath);
        }
        var password = ReadSecret(endpoint, _options.PasswordEnvironmentVariable, nameof(SshOptions.PasswordEnvironmentVariable));
        if (password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(_options.Username, password));
            described.Add($"the password in ${_options.PasswordEnvironmentVariable}");
        }
        if (methods.Count == 0)
        {
            throw new RemoteShellException(endpoint.Host,
                $"No SSH credentials for {endpoint}: set {SshOptions.ConfigurationSection}:{nameof(SshOptions.PrivateKeyPath)} " +
                "(none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists) or " +
                $"{SshOptions.ConfigurationSection}:{nameof(SshOptions.PasswordEnvironmentVariable)}.");
        }

        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, _options.Username, [.. methods])
        {
            Timeout = _options.ConnectTimeout,
        };
        PreferKnownKeyTypes(info, _verifier.KnownKeyTypes(endpoint, knownHosts));
        return (info, string.Join(" / ", described));
    }

    // The server offers the host key the client prefers first; ask for a type known_hosts can verify, as OpenSSH does,
    // so a server with several keys is not refused for presenting one we have no line for.
    private static void PreferKnownKeyTypes(ConnectionInfo info, IReadOnlyList<string> knownTypes)
    {
        var algorithms = info.HostKeyAlgorithms;
        var position = 0;
        foreach (var keyType in knownTypes)
        {
            foreach (var name in algorithms.Keys.ToList())
            {
                if (HostKeyFingerprint.KeyTypeOfAlgorithm(name) == keyType && algorithms.IndexOf(name) >= position)
                {
                    algorithms.SetPosition(name, position++);
                }
            }
        }
    }

    private string? ResolvePrivateKeyPath()
    {
        if (!string.IsNullOrWhiteSpace(_options.PrivateKeyPath))
        {
            return KnownHostsFile.ExpandHome(_options.PrivateKeyPath);
        }
        var sshFolder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
        return s_defaultKeyFiles.Select(f => Path.Combine(sshFolder, f)).FirstOrDefault(File.Exists);
    }

    // Secrets live in environment variables only; their values never reach a log or a message.
    private static string? ReadSecret(SshEndpoint endpoint, string? variable, string optionName)
    {
        if (string.IsNullOrWhiteSpace(variable))
        {
            return null;
        }
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value)
            ? throw new RemoteShellException(endpoint.Host,
                $"The environment variable '{variable}' named by {SshOptions.ConfigurationSection}:{optionName} is not set " +
                "for the dashboard process.")
            : value;
    }

    internal static string Describe(Exception ex) => ex switch
    {
        SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
        AggregateException { InnerException: { } inner } => Describe(inner),
        _ => ex.Message,
    };
}
