using BlueGreen.Core;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// Checks a name and password against <c>BlueGreen:Auth:Users</c> (ASP.NET Core Identity's PBKDF2 hashes) and gives
/// the user's role: the one an Admin set on the Users page, else the configured one. An unknown name costs the same
/// time as a wrong password. Singleton.
/// </summary>
public sealed class PasswordSignIn(IOptions<BlueGreenOptions> options, UserRoleStore roles)
{
    private static readonly PasswordHasher<string> s_hasher = new();
    // Verified when the name is unknown, so the answer takes as long as for a known one.
    private static readonly string s_decoy = s_hasher.HashPassword("decoy", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>The hash <c>-- hash-password</c> prints.</summary>
    public static string Hash(string password) => s_hasher.HashPassword("", password);

    /// <summary>The signed-in name (as configured) and role; null for a wrong name or password.</summary>
    public (string Name, Role Role)? Verify(string? name, string? password)
    {
        var user = options.Value.Auth.Users.FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        var result = s_hasher.VerifyHashedPassword("", user?.PasswordHash ?? s_decoy, password ?? "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            return null;
        }
        return (user.Name, RoleOf(user.Name) ?? user.Role);
    }

    /// <summary>The role an Admin set for <paramref name="name"/> on the Users page, if any.</summary>
    public Role? RoleOf(string name) => roles.Find(name);

    /// <summary>The configured role of a password user, or null when the name is not configured (any more).</summary>
    public Role? ConfiguredRole(string name)
        => options.Value.Auth.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase))?.Role;
}
