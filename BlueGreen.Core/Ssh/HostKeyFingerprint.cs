using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BlueGreen.Core.Ssh;

/// <summary>OpenSSH-style host key fingerprints and key blob helpers.</summary>
public static class HostKeyFingerprint
{
    /// <summary>The fingerprint of a public key blob (SSH wire format, what known_hosts holds in base64) as
    /// OpenSSH prints it: <c>SHA256:</c> and unpadded base64.</summary>
    public static string Sha256(ReadOnlySpan<byte> publicKeyBlob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicKeyBlob)).TrimEnd('=');

    /// <summary>True when <paramref name="pin"/> looks like an OpenSSH SHA256 fingerprint (with or without padding).</summary>
    public static bool IsValidPin(string? pin)
    {
        if (pin is null || !pin.StartsWith("SHA256:", StringComparison.Ordinal))
        {
            return false;
        }
        var body = pin["SHA256:".Length..].TrimEnd('=');
        if (body.Length != 43)
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[33];
        return Convert.TryFromBase64String(body + "=", hash, out var written) && written == 32;
    }

    /// <summary>True when a configured pin names this fingerprint. Padding and surrounding space are ignored;
    /// base64 is case-sensitive, so the rest must match exactly.</summary>
    public static bool Matches(string pin, string fingerprint) =>
        string.Equals(pin.Trim().TrimEnd('='), fingerprint.TrimEnd('='), StringComparison.Ordinal);

    /// <summary>The key type written at the start of a public key blob (<c>ssh-ed25519</c>, <c>ssh-rsa</c>, ...),
    /// or <c>unknown</c> when the blob is malformed.</summary>
    public static string KeyTypeOf(ReadOnlySpan<byte> publicKeyBlob)
    {
        if (publicKeyBlob.Length < 4)
        {
            return "unknown";
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(publicKeyBlob);
        return length is > 0 and < 100 && publicKeyBlob.Length >= 4 + (int)length
            ? Encoding.ASCII.GetString(publicKeyBlob.Slice(4, (int)length))
            : "unknown";
    }

    /// <summary>The key type a host key algorithm name negotiates (<c>rsa-sha2-512</c> uses an <c>ssh-rsa</c>
    /// key); <see langword="null"/> for certificate algorithms.</summary>
    public static string? KeyTypeOfAlgorithm(string algorithm) =>
        algorithm.Contains("-cert-", StringComparison.Ordinal) ? null
        : algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa"
        : algorithm;
}
