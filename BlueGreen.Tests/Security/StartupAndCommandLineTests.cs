using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Hosting;
using BlueGreen.Dashboard.Security;
using BlueGreen.Tests.Infrastructure;
using PasswordHasher = Microsoft.AspNetCore.Identity.PasswordHasher<string>;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Microsoft.Extensions.Configuration;

namespace BlueGreen.Tests.Security;

/// <summary>
/// How the dashboard may be exposed (the listen guard, its warnings), the <c>hash-password</c> and <c>token new</c>
/// commands, and the identity provider's role mapping.
/// </summary>
public sealed class StartupAndCommandLineTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.8.9.10:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("https://ops.example.org:443", false)]
    [InlineData("http://10.0.0.5:5080", false)]
    public void IsLoopback(string url, bool loopback) => Assert.Equal(loopback, ListenGuard.IsLoopback(url));

    [Fact]
    public void Refusal_BeyondLoopbackWithNobodyToSignIn_SaysWhatToConfigure()
    {
        var addresses = ListenGuard.Addresses(Config(("urls", "http://127.0.0.1:5080;http://0.0.0.0:5081")));
        var refusal = ListenGuard.Refusal(addresses, new AuthOptions());
        Assert.NotNull(refusal);
        Assert.Contains("http://0.0.0.0:5081", refusal, StringComparison.Ordinal);
        Assert.Contains("BlueGreen:Auth:Users", refusal, StringComparison.Ordinal);
        Assert.Contains("hash-password", refusal, StringComparison.Ordinal);

        // Loopback only, or someone configured: it starts.
        Assert.Null(ListenGuard.Refusal(ListenGuard.Addresses(Config(("urls", "http://127.0.0.1:5080"))), new AuthOptions()));
        Assert.Null(ListenGuard.Refusal(addresses, new AuthOptions { Users = [new UserOptions { Name = "a", PasswordHash = "x" }] }));
        Assert.Null(ListenGuard.Refusal(addresses, new AuthOptions { Tokens = [new TokenOptions { Name = "ci", Hash = "sha256:00" }] }));
        Assert.Null(ListenGuard.Refusal(addresses, new AuthOptions { OpenIdConnect = new() { Authority = "https://id.example.org" } }));
        // http_ports listens on every interface.
        Assert.NotNull(ListenGuard.Refusal(ListenGuard.Addresses(Config(("http_ports", "8080"))), new AuthOptions()));
        Assert.NotNull(ListenGuard.Refusal(ListenGuard.Addresses(Config(("Kestrel:Endpoints:Web:Url", "http://0.0.0.0:80"))), new AuthOptions()));
    }

    [Fact]
    public void Warnings_NetworkRuntimeApiAndLoopbackOnlyHostNames()
    {
        var options = new BlueGreenOptions
        {
            Environments =
            [
                new EnvironmentOptions
                {
                    Name = "prod",
                    LoadBalancers =
                    [
                        new LoadBalancerOptions { Name = "lb1", RuntimeApi = "tcp://10.0.0.2:9999" },
                        new LoadBalancerOptions { Name = "lb2", RuntimeApi = "tcp://127.0.0.1:9999" },
                        new LoadBalancerOptions { Name = "lb3", RuntimeApi = "/run/haproxy/admin.sock" },
                    ],
                },
            ],
        };
        var exposed = ListenGuard.Warnings(["http://0.0.0.0:5080"], options, Config(("AllowedHosts", "localhost;127.0.0.1;[::1]"))).ToList();
        Assert.Equal(2, exposed.Count);
        Assert.Contains("prod/lb1", exposed[0], StringComparison.Ordinal);
        Assert.Contains("no authentication", exposed[0], StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", exposed[1], StringComparison.Ordinal);
        Assert.Single(ListenGuard.Warnings(["http://127.0.0.1:5080"], options, Config()));
    }

    [Fact]
    public async Task Dashboard_OnAllInterfacesWithNobodyToSignIn_RefusesToStart()
    {
        var folder = Integration.TempFolder("exposed");
        try
        {
            var (code, text) = await DashboardProcess.RunUntilExitAsync(folder, $$"""{ "BlueGreen": { "DataFolder": "{{folder}}" } }""",
                $"http://0.0.0.0:{Integration.FreePort()}", TestContext.Current.CancellationToken);
            Assert.True(code == 2, $"exit {code}: {text}");
            Assert.Contains("nobody is configured to sign in", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task HashPassword_ReadsStdin_PrintsAHashThatVerifies_RefusesShortOnes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.TryRunAsync(["hash-password"], new StringReader("a long enough passphrase\n"), output, error, TimeProvider.System);
        Assert.Equal(0, code);
        var hash = output.ToString().Trim();
        Assert.DoesNotContain("passphrase", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher().VerifyHashedPassword("", hash, "a long enough passphrase"));

        using var shortOutput = new StringWriter();
        using var shortError = new StringWriter();
        Assert.Equal(2, await CommandLine.TryRunAsync(["hash-password"], new StringReader("short\n"), shortOutput, shortError, TimeProvider.System));
        Assert.Contains("at least 12 characters", shortError.ToString(), StringComparison.Ordinal);
        Assert.Empty(shortOutput.ToString());
    }

    [Fact]
    public async Task TokenNew_PrintsTheTokenThenItsConfigurationEntryByHash()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.TryRunAsync(["token", "new", "--scopes", "read,deploy", "--name", "gitlab", "--days", "30"], TextReader.Null, output, error, TimeProvider.System);
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(ApiToken.Prefix, lines[0], StringComparison.Ordinal);
        using var entry = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.Equal("gitlab", entry.RootElement.GetProperty("Name").GetString());
        Assert.Equal(ApiToken.HashOf(lines[0]), entry.RootElement.GetProperty("Hash").GetString());
        Assert.Equal(["read", "deploy"], entry.RootElement.GetProperty("Scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(lines[0], lines[1], StringComparison.Ordinal);

        using var bad = new StringWriter();
        Assert.Equal(2, await CommandLine.TryRunAsync(["token", "new", "--scopes", "read,admin"], TextReader.Null, new StringWriter(), bad, TimeProvider.System));
        Assert.Contains("'admin' unknown", bad.ToString(), StringComparison.Ordinal);
        Assert.Null(await CommandLine.TryRunAsync(["--urls", "http://127.0.0.1:5080"], TextReader.Null, new StringWriter(), new StringWriter(), TimeProvider.System));
    }

    [Fact]
    public void OpenIdConnect_RoleMap_HighestMatchWins_DefaultOrRefuse()
    {
        var settings = new OpenIdConnectOptions
        {
            Authority = "https://id.example.org",
            RoleMap = new Dictionary<string, Role>(StringComparer.Ordinal) { ["ops"] = Role.Operator, ["ops-admins"] = Role.Admin },
            DefaultRole = Role.Viewer,
        };
        Assert.Equal(Role.Admin, AccessServiceCollectionExtensions.MapRole(["ops", "ops-admins"], settings));
        Assert.Equal(Role.Operator, AccessServiceCollectionExtensions.MapRole(["[\"staff\",\"ops\"]"], settings));
        Assert.Equal(Role.Viewer, AccessServiceCollectionExtensions.MapRole(["staff"], settings));
        settings.DefaultRole = null;
        Assert.Null(AccessServiceCollectionExtensions.MapRole(["staff"], settings));
    }

    [Fact]
    public void OpenPages_RevalidatedUser_SignedOutWhenRemovedOrTheirRoleChanged()
    {
        var folder = Integration.TempFolder("revalidate");
        try
        {
            using var database = new BlueGreen.Core.Storage.BlueGreenDatabase(Path.Combine(folder, "bluegreen.db"));
            var roles = new UserRoleStore(database, TimeProvider.System);
            var options = Microsoft.Extensions.Options.Options.Create(new BlueGreenOptions
            {
                Auth = new AuthOptions { Users = [new UserOptions { Name = "bob", PasswordHash = "x", Role = Role.Operator }] },
            });
            var signIn = new PasswordSignIn(options, roles);
            System.Security.Claims.ClaimsPrincipal Person(string name, Role role, string via)
            {
                var principal = Principals.User(name, role, "Cookies");
                ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(AccessServiceCollectionExtensions.ViaClaim, via));
                return principal;
            }

            Assert.True(RevalidatingAccessStateProvider.IsStillValid(Person("bob", Role.Operator, "password"), signIn));
            // Removed from configuration: signed out.
            Assert.False(RevalidatingAccessStateProvider.IsStillValid(Person("alice", Role.Admin, "password"), signIn));
            // An Admin lowered bob to Viewer: his open pages are signed out (sign-in again gives Viewer).
            roles.Set("bob", Role.Viewer, "admin");
            Assert.False(RevalidatingAccessStateProvider.IsStillValid(Person("bob", Role.Operator, "password"), signIn));
            Assert.True(RevalidatingAccessStateProvider.IsStillValid(Person("bob", Role.Viewer, "password"), signIn));
            // The console user keeps Admin unless someone sets another role for it; tokens are not circuits.
            Assert.True(RevalidatingAccessStateProvider.IsStillValid(Person("console", Role.Admin, "console"), signIn));
            roles.Set("console", Role.Viewer, "admin");
            Assert.False(RevalidatingAccessStateProvider.IsStillValid(Person("console", Role.Admin, "console"), signIn));
            Assert.True(RevalidatingAccessStateProvider.IsStillValid(Principals.Token(new ApiToken { Name = "ci", Scopes = [Scope.Read] }, "Token"), signIn));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("/deployments/1", "/deployments/1")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void LocalUrl_NoOpenRedirect(string? url, string expected) => Assert.Equal(expected, AccessServiceCollectionExtensions.LocalUrl(url));
}
