using System.Text.RegularExpressions;
using BlueGreen.Core.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Security;

/// <summary>
/// API tokens: those created on the Tokens page (LiteDB <c>tokens</c>, hashes only) and those provisioned in
/// configuration. Finds the token of a bearer header, refusing revoked and expired ones, and records its last use
/// (at most once a minute per token, so a busy CI job does not write on every call). Singleton; thread-safe.
/// </summary>
public sealed partial class TokenStore
{
    private static readonly TimeSpan s_lastUseEvery = TimeSpan.FromMinutes(1);

    private readonly ILiteCollection<StoredToken> _tokens;
    private readonly IReadOnlyList<ApiToken> _configured;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    public TokenStore(BlueGreenDatabase database, IOptions<BlueGreenOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        _tokens = database.Collection<StoredToken>("tokens");
        _tokens.EnsureIndex(t => t.Token.Hash, unique: true);
        _timeProvider = timeProvider;
        _configured = [.. options.Value.Auth.Tokens.Select(t => new ApiToken
        {
            Name = t.Name, Hash = t.Hash.Trim().ToLowerInvariant(), Scopes = t.Scopes, ExpiresAt = t.ExpiresAt, CreatedBy = "configuration", FromConfiguration = true,
        })];
    }

    /// <summary>Every token, configured ones first, then by creation (newest first).</summary>
    public IReadOnlyList<ApiToken> List()
        => [.. _configured, .. _tokens.FindAll().Select(t => t.Token).OrderByDescending(t => t.CreatedAt)];

    /// <summary>Creates a token; returns it (shown once, never stored) and its record.</summary>
    /// <exception cref="ArgumentException">A bad or taken name, no scope, or an expiry in the past (the message names it).</exception>
    public (string Token, ApiToken Record) Create(string name, IReadOnlyCollection<Scope> scopes, DateTimeOffset? expiresAt, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var now = _timeProvider.GetUtcNow();
        if (!NamePattern().IsMatch(name ?? ""))
        {
            throw new ArgumentException($"name: '{name}' must be 1 to 64 letters, digits, '-', '_' or '.', e.g. \"gitlab-deploy\".", nameof(name));
        }
        if (scopes.Count == 0)
        {
            throw new ArgumentException("scopes: give at least one of read, deploy, loadtest, experiment.", nameof(scopes));
        }
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new ArgumentException($"expiresAt: {expiry:u} is in the past; give a later date, e.g. in 90 days.", nameof(expiresAt));
        }
        var token = ApiToken.NewToken();
        var record = new ApiToken
        {
            Name = name!, Hash = ApiToken.HashOf(token), Scopes = [.. scopes.Distinct().Order()], CreatedAt = now, CreatedBy = createdBy, ExpiresAt = expiresAt,
        };
        lock (_lock)
        {
            if (List().Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"name: a token named '{name}' exists already; pick another name, or revoke it first.", nameof(name));
            }
            _tokens.Insert(new StoredToken { Id = name!.ToLowerInvariant(), Token = record });
        }
        return (token, record);
    }

    /// <summary>Revokes a token created here; null when there is none of that name.</summary>
    /// <exception cref="InvalidOperationException">It comes from configuration (say where to remove it), or is revoked already.</exception>
    public ApiToken? Revoke(string name, string by)
    {
        lock (_lock)
        {
            if (_configured.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Token '{name}' is provisioned in configuration (BlueGreen:Auth:Tokens); remove it there and restart.");
            }
            if (_tokens.FindById(name.ToLowerInvariant()) is not { } stored)
            {
                return null;
            }
            if (stored.Token.RevokedAt is not null)
            {
                throw new InvalidOperationException($"Token '{name}' was revoked already, at {stored.Token.RevokedAt:u} by {stored.Token.RevokedBy}.");
            }
            var revoked = stored.Token with { RevokedAt = _timeProvider.GetUtcNow(), RevokedBy = by };
            _tokens.Update(new StoredToken { Id = stored.Id, Token = revoked });
            return revoked;
        }
    }

    /// <summary>The usable token whose hash matches <paramref name="token"/>, or null (unknown, revoked or expired:
    /// <paramref name="refusal"/> says which, for the 401).</summary>
    public ApiToken? Authenticate(string token, string? from, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hash = ApiToken.HashOf(token);
        var now = _timeProvider.GetUtcNow();
        var configured = _configured.FirstOrDefault(t => ApiToken.SameHash(t.Hash, hash));
        var stored = configured is null ? _tokens.FindOne(t => t.Token.Hash == hash) : null;
        var found = configured ?? stored?.Token;
        refusal = found is null ? "The token is not known."
            : found.RevokedAt is not null ? $"Token '{found.Name}' was revoked at {found.RevokedAt:u}."
            : found.ExpiresAt is { } expired && now >= expired ? $"Token '{found.Name}' expired at {expired:u}."
            : null;
        if (refusal is not null)
        {
            return null;
        }
        if (stored is not null && (stored.Token.LastUsedAt is not { } last || now - last >= s_lastUseEvery))
        {
            lock (_lock)
            {
                _tokens.Update(stored with { Token = stored.Token with { LastUsedAt = now, LastUsedFrom = from } });
            }
        }
        return found;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex NamePattern();

    /// <summary>One stored token (LiteDB's document shape; the id is the lowercased name).</summary>
    public sealed record StoredToken
    {
        public string Id { get; init; } = "";
        public ApiToken Token { get; init; } = new();
    }
}
