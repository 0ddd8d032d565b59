using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

public sealed class SshOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new SshOptionsValidator().Validate(null, new SshOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var options = new SshOptions
        {
            Username = " ",
            Port = 0,
            PrivateKeyPath = "/no/such/key",
            PasswordEnvironmentVariable = $"BLUEGREEN_TEST_UNSET_{Guid.NewGuid():N}",
            HostKeyFingerprints = ["MD5:aa:bb"],
            ConnectTimeout = TimeSpan.Zero,
            MaxConnectAttempts = 0,
            ReconnectDelay = TimeSpan.FromSeconds(10),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        };
        options.HostKeyFingerprintsByHost["web1"] = [TestKeys.Ed25519Fingerprint, "SHA256:nope"];

        var result = new SshOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Equal(9, failures.Count);
        Assert.Contains(failures, f => f.Contains("Username", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Port 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("/no/such/key", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains(options.PasswordEnvironmentVariable, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HostKeyFingerprints:0 'MD5:aa:bb'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HostKeyFingerprintsByHost:web1:1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ConnectTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxConnectAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ReconnectDelay", StringComparison.Ordinal));
    }
}
