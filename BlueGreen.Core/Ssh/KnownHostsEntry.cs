using System.Security.Cryptography;
using System.Text;

namespace BlueGreen.Core.Ssh;

/// <summary>One key line of an OpenSSH known_hosts file.</summary>
/// <param name="LineNumber">1-based line in the file, for messages.</param>
/// <param name="Marker"><c>@revoked</c>, <c>@cert-authority</c> or <see langword="null"/>.</param>
/// <param name="HostPatterns">The comma-separated host field as written: names, <c>[host]:port</c>, wildcards
/// <c>*</c>/<c>?</c>, negations <c>!pattern</c>, or hashed <c>|1|salt|hash</c> entries.</param>
/// <param name="KeyType">Key type, e.g. <c>ssh-ed25519</c>.</param>
/// <param name="Key">The public key blob (the base64 field, decoded).</param>
public sealed record KnownHostsEntry(int LineNumber, string? Marker, string HostPatterns, string KeyType, byte[] Key)
{
    /// <summary>The key's fingerprint, <c>SHA256:...</c>.</summary>
    public string Fingerprint => HostKeyFingerprint.Sha256(Key);

    /// <summary>True when the host field matches <paramref name="knownHostsName"/> (see
    /// <see cref="SshEndpoint.KnownHostsName"/>): some pattern matches and no negated pattern does.</summary>
    public bool MatchesHost(string knownHostsName)
    {
        // OpenSSH lower-cases the host name before looking it up (and before hashing it).
        var name = knownHostsName.ToLowerInvariant();
        var matched = false;
        foreach (var raw in HostPatterns.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var negated = raw.StartsWith('!');
            var pattern = negated ? raw[1..] : raw;
            var hit = pattern.StartsWith("|1|", StringComparison.Ordinal)
                ? HashedMatches(pattern, name)
                : GlobMatches(pattern.ToLowerInvariant(), name);
            if (hit && negated)
            {
                return false;
            }
            matched |= hit;
        }
        return matched;
    }

    /// <summary>True when the line holds exactly this key blob.</summary>
    public bool HasKey(ReadOnlySpan<byte> key) => Key.AsSpan().SequenceEqual(key);

    /// <summary>The line as OpenSSH writes it (host field, type, base64 key).</summary>
    public override string ToString() =>
        (Marker is null ? "" : Marker + " ") + $"{HostPatterns} {KeyType} {Convert.ToBase64String(Key)}";

    // |1|base64(salt)|base64(HMAC-SHA1(salt, name)): the form `HashKnownHosts yes` / `ssh-keygen -H` writes.
    private static bool HashedMatches(string pattern, string name)
    {
        var parts = pattern.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // '*' matches any run of characters, '?' exactly one; everything else literally (OpenSSH match_pattern).
    private static bool GlobMatches(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
