using System.Security.Cryptography;
using System.Text;

namespace BlueGreen.Core.Security;

/// <summary>
/// An API token as stored and listed: its name, scopes and lifetime, never the token itself (only its SHA-256). A
/// token is 32 random bytes, so a plain hash is enough: there is nothing to guess. Immutable.
/// </summary>
public sealed record ApiToken
{
    /// <summary>Unique; shown in the audit trail as <c>token:NAME</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary><c>sha256:</c> and 64 hex digits.</summary>
    public string Hash { get; init; } = "";
    public IReadOnlyList<Scope> Scopes { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public string? LastUsedFrom { get; init; }
    /// <summary>From configuration (<c>BlueGreen:Auth:Tokens</c>): listed, not revocable in the UI (remove it there).</summary>
    public bool FromConfiguration { get; init; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    /// <summary>The prefix every token starts with, so a leaked one is recognisable (and greppable by secret scanners).</summary>
    public const string Prefix = "bgt_";

    /// <summary>A new token: the prefix and 32 random bytes, base64url.</summary>
    public static string NewToken() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored of <paramref name="token"/>: <c>sha256:</c> and its SHA-256 in lowercase hex.</summary>
    public static string HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool SameHash(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
