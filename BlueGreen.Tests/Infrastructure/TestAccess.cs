using System.Net.Http.Headers;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// How tests get in: one API token with every scope (provisioned by hash, as an operator would), and three users
/// with passwords (Viewer, Operator, Admin) for sign-in tests. The raw token and passwords exist only here.
/// </summary>
public static class TestAccess
{
    /// <summary>An API token with read, deploy, loadtest and experiment.</summary>
    public const string Token = "bgt_test-token-with-every-scope-0123456789abcdefghij";

    public const string Password = "correct horse battery staple";

    private static readonly Lazy<string> s_hash = new(() => PasswordSignIn.Hash(Password));

    /// <summary>The PBKDF2 hash of <see cref="Password"/> (computed once; takes a few tens of ms).</summary>
    public static string PasswordHash => s_hash.Value;

    /// <summary>Configuration keys for the all-scope token and a rate limit no test reaches.</summary>
    public static Dictionary<string, string?> TokenSettings(string name = "tests")
    {
        var settings = new Dictionary<string, string?>
        {
            ["BlueGreen:Auth:Tokens:0:Name"] = name,
            ["BlueGreen:Auth:Tokens:0:Hash"] = ApiToken.HashOf(Token),
            ["BlueGreen:Auth:ApiRequestsPerMinute"] = "1000000",
        };
        var scopes = Enum.GetValues<Scope>();
        for (var i = 0; i < scopes.Length; i++)
        {
            settings[$"BlueGreen:Auth:Tokens:0:Scopes:{i}"] = Permissions.Name(scopes[i]);
        }
        return settings;
    }

    /// <summary>Users viewer, operator and admin, each with <see cref="Password"/>.</summary>
    public static Dictionary<string, string?> UserSettings()
    {
        var settings = new Dictionary<string, string?>();
        var roles = Enum.GetValues<Role>();
        for (var i = 0; i < roles.Length; i++)
        {
            settings[$"BlueGreen:Auth:Users:{i}:Name"] = roles[i].ToString().ToLowerInvariant();
            settings[$"BlueGreen:Auth:Users:{i}:PasswordHash"] = PasswordHash;
            settings[$"BlueGreen:Auth:Users:{i}:Role"] = roles[i].ToString();
        }
        return settings;
    }

    /// <summary>Sends <see cref="Token"/> on every request of <paramref name="client"/>.</summary>
    public static HttpClient Authorize(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }
}
