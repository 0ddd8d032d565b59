namespace BlueGreen.Core.Security;

/// <summary>
/// Who may use the dashboard (<c>BlueGreen:Auth</c>): users with password hashes and roles, API tokens provisioned by
/// hash, an optional OpenID Connect provider, session and rate limits. With no user, no provider and no token the
/// dashboard prints a one-use sign-in link at start, and refuses to listen on anything but loopback.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>Users who sign in with a password (hashes from <c>dotnet run --project BlueGreen.Dashboard -- hash-password</c>).</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>API tokens provisioned by configuration (by hash, from <c>-- token new</c>); more are created on the Tokens page.</summary>
    public List<TokenOptions> Tokens { get; set; } = [];

    /// <summary>A signed-in session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>API requests allowed per caller (user, token or address) per minute.</summary>
    public int ApiRequestsPerMinute { get; set; } = 1200;

    /// <summary>Sign-in through an identity provider instead of (or beside) passwords; off unless <see cref="OpenIdConnectOptions.Authority"/> is set.</summary>
    public OpenIdConnectOptions OpenIdConnect { get; set; } = new();

    /// <summary>True when anyone can sign in other than through the console link.</summary>
    public bool HasSignIn => Users.Count > 0 || OpenIdConnect.Enabled;
}

public sealed class UserOptions
{
    public string Name { get; set; } = "";

    /// <summary>ASP.NET Core Identity's password hash (PBKDF2), never the password.</summary>
    public string PasswordHash { get; set; } = "";

    public Role Role { get; set; } = Role.Viewer;
}

public sealed class TokenOptions
{
    public string Name { get; set; } = "";

    /// <summary><c>sha256:</c> and the token's SHA-256 in hex, as <c>-- token new</c> prints it.</summary>
    public string Hash { get; set; } = "";

    public List<Scope> Scopes { get; set; } = [];

    /// <summary>After this the token is refused; null never expires (not recommended).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

public sealed class OpenIdConnectOptions
{
    /// <summary>The provider's issuer URL, e.g. <c>https://login.example.org/realms/ops</c>; empty turns it off.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The environment variable that holds the client secret (never the secret itself in configuration).</summary>
    public string? ClientSecretEnvironmentVariable { get; set; }

    /// <summary>The claim that carries the user's groups or roles, e.g. <c>groups</c> or <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim shown as the user's name.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Claim value → role, e.g. <c>{"ops-admins": "Admin", "ops": "Operator"}</c>; the highest match wins.</summary>
    public Dictionary<string, Role> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The role of a signed-in user no map entry matches; null refuses them.</summary>
    public Role? DefaultRole { get; set; } = Role.Viewer;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
