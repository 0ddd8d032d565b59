using System.Text;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Decides whether to trust a server's host key: a configured SHA256 pin or a matching known_hosts line trusts it;
/// anything else refuses it with a message that says what was seen and how to pin it. Stateless and thread-safe.
/// </summary>
public sealed class HostKeyVerifier
{
    private readonly SshOptions _options;

    /// <summary>Creates a verifier over the pins in <paramref name="options"/>.</summary>
    public HostKeyVerifier(SshOptions options)
    {
        _options = options;
    }

    /// <summary>Returns <see langword="null"/> when <paramref name="key"/> is trusted for <paramref name="endpoint"/>,
    /// otherwise the exception to throw. <c>@revoked</c> wins over everything.</summary>
    /// <param name="endpoint">The server connected to.</param>
    /// <param name="key">The host key blob the server presented.</param>
    /// <param name="knownHosts">The known_hosts file as read for this connect.</param>
    public SshHostKeyException? Check(SshEndpoint endpoint, byte[] key, KnownHostsFile knownHosts)
    {
        var keyType = HostKeyFingerprint.KeyTypeOf(key);
        var fingerprint = HostKeyFingerprint.Sha256(key);
        var line = $"{endpoint.KnownHostsName} {keyType} {Convert.ToBase64String(key)}";
        var fileName = knownHosts.Path ?? "(no known_hosts file configured)";

        if (knownHosts.Revoked(endpoint, key) is { } revoked)
        {
            return new SshHostKeyException(endpoint, HostKeyRefusal.Revoked, keyType, fingerprint, line,
                $"Refused the SSH host key of {endpoint}: its {keyType} key {fingerprint} is marked @revoked on line " +
                $"{revoked.LineNumber} of {fileName}. Install a new host key on the server and pin that one.");
        }

        var pins = PinsFor(endpoint).ToList();
        var known = knownHosts.For(endpoint).ToList();
        if (pins.Any(p => HostKeyFingerprint.Matches(p.Pin, fingerprint)) || known.Any(e => e.HasKey(key)))
        {
            return null;
        }

        var howToCheck = $"check it on the server with `ssh-keygen -lf /etc/ssh/ssh_host_{ShortType(keyType)}_key.pub`";
        var pinKey = $"{SshOptions.ConfigurationSection}:HostKeyFingerprintsByHost:{endpoint.Host}";
        var fileAdvice = knownHosts.Path is null
            ? $"set {SshOptions.ConfigurationSection}:KnownHostsPath and add this line to that file"
            : $"add this line to {knownHosts.Path}";

        // Pins for every host do not make a host "known": a miss against them alone reads as unknown.
        var hostPins = pins.Where(p => !p.Global).ToList();
        if (hostPins.Count == 0 && known.Count == 0)
        {
            var globalNote = pins.Count == 0 ? "no fingerprint pinned"
                : $"none of the {pins.Count} fingerprint(s) in {SshOptions.ConfigurationSection}:HostKeyFingerprints matches";
            return new SshHostKeyException(endpoint, HostKeyRefusal.Unknown, keyType, fingerprint, line,
                $"Refused the SSH host key of {endpoint}: the host is unknown (no entry for {endpoint.KnownHostsName} " +
                $"in {fileName} and {globalNote}). It presented an {keyType} key with fingerprint " +
                $"{fingerprint}. If that is the server's key ({howToCheck}), pin it: add \"{fingerprint}\" to " +
                $"{pinKey} in the configuration, or {fileAdvice}: {line}");
        }

        var advice = new List<string>();
        if (hostPins.Count > 0)
        {
            advice.Add($"replace the old pin with \"{fingerprint}\" in {pinKey}");
        }
        if (known.Count > 0)
        {
            advice.Add($"replace line {string.Join(", ", known.Select(e => e.LineNumber))} of {fileName} with: {line}");
        }
        var onRecord = new StringBuilder();
        foreach (var (pin, source, _) in hostPins)
        {
            onRecord.Append($"{pin} (pinned in {source}); ");
        }
        foreach (var entry in known)
        {
            onRecord.Append($"{entry.KeyType} {entry.Fingerprint} (line {entry.LineNumber} of {fileName}); ");
        }
        return new SshHostKeyException(endpoint, HostKeyRefusal.Changed, keyType, fingerprint, line,
            $"Refused the SSH host key of {endpoint}: it CHANGED. The server presented an {keyType} key with " +
            $"fingerprint {fingerprint}, but on record are: {onRecord.ToString().TrimEnd(' ', ';')}. Either the server " +
            $"was reinstalled or someone is intercepting the connection. Only if the change is expected ({howToCheck}), " +
            string.Join(", and ", advice)); // no full stop: the known_hosts line may be copied from the end
    }

    /// <summary>Key types of the endpoint's known_hosts lines, in file order, so the connection can ask the server
    /// for a key of a type that can be verified, as OpenSSH does.</summary>
    public IReadOnlyList<string> KnownKeyTypes(SshEndpoint endpoint, KnownHostsFile knownHosts) =>
        knownHosts.For(endpoint).Select(e => e.KeyType).Distinct(StringComparer.Ordinal).ToList();

    private IEnumerable<(string Pin, string Source, bool Global)> PinsFor(SshEndpoint endpoint)
    {
        foreach (var pin in _options.HostKeyFingerprints)
        {
            yield return (pin, $"{SshOptions.ConfigurationSection}:HostKeyFingerprints", true);
        }
        if (_options.HostKeyFingerprintsByHost.TryGetValue(endpoint.Host, out var perHost))
        {
            foreach (var pin in perHost)
            {
                yield return (pin, $"{SshOptions.ConfigurationSection}:HostKeyFingerprintsByHost:{endpoint.Host}", false);
            }
        }
    }

    private static string ShortType(string keyType) => keyType switch
    {
        "ssh-ed25519" => "ed25519",
        "ssh-rsa" => "rsa",
        _ when keyType.StartsWith("ecdsa-", StringComparison.Ordinal) => "ecdsa",
        _ => "*",
    };
}
