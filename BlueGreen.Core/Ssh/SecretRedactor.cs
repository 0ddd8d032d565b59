using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// The secrets the dashboard holds (the values of the SSH password and key passphrase variables, and of every
/// variable named in <see cref="SshOptions.RedactEnvironmentVariables"/>), and <see cref="Redact"/>, which replaces
/// them with <c>***</c> in any text before it is logged, stored as step output or exported. The values are read
/// once, at start. Also the names a local command must never inherit. Singleton; thread-safe.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    // Shorter values would mask ordinary words in every line.
    private const int MinimumLength = 4;

    private readonly string[] _secrets;

    /// <summary>No secret: redacts nothing (tests, and shells built without configuration).</summary>
    public static SecretRedactor None { get; } = new([], _ => null);

    public SecretRedactor(IOptions<SshOptions> options)
        : this(Names(options.Value), Environment.GetEnvironmentVariable)
    {
    }

    /// <param name="variableNames">The environment variables that hold secrets.</param>
    /// <param name="read">Reads one (the process environment; a dictionary in tests).</param>
    public SecretRedactor(IEnumerable<string> variableNames, Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(variableNames);
        ArgumentNullException.ThrowIfNull(read);
        VariableNames = variableNames.Where(n => !string.IsNullOrWhiteSpace(n)).ToHashSet(StringComparer.Ordinal);
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. VariableNames.Select(read).OfType<string>().Where(v => v.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
    }

    /// <summary>The variables that hold secrets: never passed to a local command, their values masked everywhere.</summary>
    public IReadOnlySet<string> VariableNames { get; }

    /// <summary><paramref name="text"/> with every secret value replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static IEnumerable<string> Names(SshOptions options)
        => new[] { options.PasswordEnvironmentVariable, options.PrivateKeyPassphraseEnvironmentVariable }.OfType<string>().Concat(options.RedactEnvironmentVariables);
}
