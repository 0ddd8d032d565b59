using System.Security.Cryptography;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Ssh;

/// <summary>Pool behaviour that needs no SSH server.</summary>
public sealed class SshConnectionPoolTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = Integration.TempFolder("sshpool");

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(4, 8000)]
    [InlineData(5, 8000)]
    [InlineData(100, 8000)]
    public void BackoffDelay_Failures_DoublesUpToCap(int failures, int expectedMilliseconds)
    {
        var delay = SshConnectionPool.BackoffDelay(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }

    [Fact]
    public async Task RunAsync_NothingListens_FailsAfterCountedAttemptsWithoutLeakingPassword()
    {
        var variable = $"BLUEGREEN_TEST_SSH_PASSWORD_{Guid.NewGuid():N}";
        const string Secret = "s3cret-value-that-must-not-leak";
        Environment.SetEnvironmentVariable(variable, Secret);
        try
        {
            var options = Options(Integration.FreePort());
            options.PasswordEnvironmentVariable = variable;
            var logger = new RecordingLogger<SshConnectionPool>();
            await using var pool = SshRemoteShellTests.CreatePool(options, out var shell, logger);

            var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(
                new ShellCommand { Host = "127.0.0.1", CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

            Assert.Contains($"Could not connect to 127.0.0.1:{options.Port} over SSH after 4 attempt(s)", error.Message, StringComparison.Ordinal);
            Assert.Contains("ConnectionRefused", error.Message, StringComparison.Ordinal);
            var failures = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
            Assert.Equal([1, 2, 3, 4], failures.Select(e => (int)e.Values["Attempt"]!));
            Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(Secret, StringComparison.Ordinal));
            Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task RunAsync_PassphraseVariableUnset_FailsNamingVariableWithoutRetry()
    {
        var options = Options(Integration.FreePort());
        options.PrivateKeyPassphraseEnvironmentVariable = $"BLUEGREEN_TEST_UNSET_{Guid.NewGuid():N}";
        var logger = new RecordingLogger<SshConnectionPool>();
        await using var pool = SshRemoteShellTests.CreatePool(options, out var shell, logger);

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(
            new ShellCommand { Host = "127.0.0.1", CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains(options.PrivateKeyPassphraseEnvironmentVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("PrivateKeyPassphraseEnvironmentVariable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task RunAsync_KeyFileMissing_FailsNamingPath()
    {
        var options = Options(Integration.FreePort());
        options.PrivateKeyPath = Path.Combine(_folder, "missing_key");
        await using var pool = SshRemoteShellTests.CreatePool(options, out var shell);

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(
            new ShellCommand { Host = "127.0.0.1", CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains(options.PrivateKeyPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedHost_FailsNamingIt()
    {
        await using var pool = SshRemoteShellTests.CreatePool(Options(22), out var shell);

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(
            new ShellCommand { Host = "-oProxyCommand=evil", CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains("-oProxyCommand=evil", error.Message, StringComparison.Ordinal);
    }

    // A throwaway RSA key in PEM (PKCS#1) form, which SSH.NET reads; no ssh-keygen needed.
    private SshOptions Options(int port)
    {
        var keyPath = Path.Combine(_folder, "id_rsa");
        using var rsa = RSA.Create(2048);
        File.WriteAllText(keyPath, rsa.ExportRSAPrivateKeyPem());
        return new SshOptions
        {
            Username = "deploy",
            PrivateKeyPath = keyPath,
            KnownHostsPath = null,
            Port = port,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            MaxConnectAttempts = 4,
            ReconnectDelay = TimeSpan.FromMilliseconds(10),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(40),
        };
    }
}
