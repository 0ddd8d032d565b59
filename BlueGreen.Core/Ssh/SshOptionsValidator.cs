using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Ssh;

/// <summary>Checks <see cref="SshOptions"/> at start and reports every problem at once. It does not read secrets;
/// it only checks that the environment variables they are named in exist.</summary>
public sealed class SshOptionsValidator : IValidateOptions<SshOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = SshOptions.ConfigurationSection;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Username))
        {
            problems.Add($"{section}:Username is empty.");
        }
        if (options.Port is < 1 or > 65535)
        {
            problems.Add($"{section}:Port {options.Port} is outside 1..65535.");
        }
        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath) && !File.Exists(KnownHostsFile.ExpandHome(options.PrivateKeyPath)))
        {
            problems.Add($"{section}:PrivateKeyPath '{options.PrivateKeyPath}' does not exist.");
        }
        CheckVariable(options.PrivateKeyPassphraseEnvironmentVariable, nameof(SshOptions.PrivateKeyPassphraseEnvironmentVariable));
        CheckVariable(options.PasswordEnvironmentVariable, nameof(SshOptions.PasswordEnvironmentVariable));
        for (var i = 0; i < options.HostKeyFingerprints.Count; i++)
        {
            CheckPin(options.HostKeyFingerprints[i], $"{section}:HostKeyFingerprints:{i}");
        }
        foreach (var (host, pins) in options.HostKeyFingerprintsByHost)
        {
            for (var i = 0; i < pins.Count; i++)
            {
                CheckPin(pins[i], $"{section}:HostKeyFingerprintsByHost:{host}:{i}");
            }
        }
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{section}:ConnectTimeout must be positive.");
        }
        if (options.KeepAlive < TimeSpan.Zero)
        {
            problems.Add($"{section}:KeepAlive must be zero (off) or positive.");
        }
        if (options.MaxConnectAttempts < 1)
        {
            problems.Add($"{section}:MaxConnectAttempts must be at least 1.");
        }
        if (options.ReconnectDelay < TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            problems.Add($"{section}:ReconnectDelay must be zero or positive and not above MaxReconnectDelay.");
        }
        if (options.StopGracePeriod < TimeSpan.Zero)
        {
            problems.Add($"{section}:StopGracePeriod must be zero or positive.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

        void CheckVariable(string? variable, string option)
        {
            if (!string.IsNullOrWhiteSpace(variable) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                problems.Add($"{section}:{option} names the environment variable '{variable}', which is not set.");
            }
        }

        void CheckPin(string pin, string key)
        {
            if (!HostKeyFingerprint.IsValidPin(pin))
            {
                problems.Add($"{key} '{pin}' is not a fingerprint like SHA256:6j+RmIhuSLKtS5z96EQss8qlFhSz6ZwQOSQuAtKLYk8 " +
                    "(as `ssh-keygen -lf` prints it).");
            }
        }
    }
}
