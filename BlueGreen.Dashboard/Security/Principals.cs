using System.Security.Claims;
using BlueGreen.Core.Security;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// The claims the dashboard puts on a caller and reads back: the name, one role claim (a person) or scope claims
/// (an API token), and the kind of actor. One home for how a principal is made and what it may do.
/// </summary>
public static class Principals
{
    public const string ScopeClaim = "bluegreen:scope";
    public const string KindClaim = "bluegreen:actor";

    /// <summary>A person signed in with a password, the console link or an identity provider.</summary>
    public static ClaimsPrincipal User(string name, Role role, string scheme)
        => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role.ToString()), new Claim(KindClaim, nameof(ActorKind.User))],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>An API token: its name and its scopes, no role.</summary>
    public static ClaimsPrincipal Token(ApiToken token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim> { new(ClaimTypes.Name, "token:" + token.Name), new(KindClaim, nameof(ActorKind.Token)) };
        claims.AddRange(token.Scopes.Select(s => new Claim(ScopeClaim, Permissions.Name(s))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The highest role among the principal's role claims; null for a token or nobody.</summary>
    public static Role? RoleOf(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        Role? best = null;
        foreach (var claim in principal.FindAll(ClaimTypes.Role))
        {
            if (Enum.TryParse<Role>(claim.Value, ignoreCase: true, out var role) && Enum.IsDefined(role) && (best is null || role > best))
            {
                best = role;
            }
        }
        return best;
    }

    public static IReadOnlyList<Scope> ScopesOf(ClaimsPrincipal? principal)
        => principal?.Identity?.IsAuthenticated == true
            ? [.. principal.FindAll(ScopeClaim).Select(c => Permissions.ParseScopes(c.Value, out _)).SelectMany(s => s).Distinct()]
            : [];

    public static bool IsToken(ClaimsPrincipal? principal) => principal?.FindFirst(KindClaim)?.Value == nameof(ActorKind.Token);

    /// <summary>Whether the principal may do what <paramref name="permission"/> covers: a person by role, a token by scope.</summary>
    public static bool Allows(ClaimsPrincipal? principal, Permission permission)
        => IsToken(principal)
            ? Permissions.Allows(ScopesOf(principal), permission)
            : RoleOf(principal) is { } role && Permissions.Allows(role, permission);

    /// <summary>The name the audit trail and the records use: the user's name or <c>token:NAME</c>.</summary>
    public static string NameOf(ClaimsPrincipal? principal)
        => principal?.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(principal.Identity.Name) ? principal.Identity.Name : "anonymous";

    public static ActorKind KindOf(ClaimsPrincipal? principal) => IsToken(principal) ? ActorKind.Token : ActorKind.User;

    /// <summary>What to say when <paramref name="permission"/> is missing: the role a person needs, or the scope a token needs.</summary>
    public static string Needs(ClaimsPrincipal? principal, Permission permission)
        => IsToken(principal)
            ? Permissions.ScopeFor(permission) is { } scope
                ? $"This token lacks the '{Permissions.Name(scope)}' scope; create one with it on the Tokens page."
                : "No API token may do this; sign in as an Admin."
            : $"Needs the {Permissions.RoleFor(permission)} role.";
}
