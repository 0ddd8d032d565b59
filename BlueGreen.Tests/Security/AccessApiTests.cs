using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlueGreen.Tests.Security;

/// <summary>
/// Access to the real dashboard host (WebApplicationFactory): nothing without credentials but <c>/healthz</c> and the
/// sign-in page; each token scope allows exactly its calls and every call lands in the audit trail with the token's
/// name; revoked and expired tokens are refused; users sign in with a password (Viewer refused on actions, Operator
/// held to the antiforgery token); the console link works once; foreign hosts, framing and floods are refused.
/// </summary>
public sealed partial class AccessApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private TestDashboard _dashboard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        var extra = TestAccess.UserSettings();
        extra["BlueGreen:Auth:Tokens:1:Name"] = "old";
        extra["BlueGreen:Auth:Tokens:1:Hash"] = ApiToken.HashOf("bgt_expired-token-000000000000000000000000");
        extra["BlueGreen:Auth:Tokens:1:Scopes:0"] = "read";
        extra["BlueGreen:Auth:Tokens:1:ExpiresAt"] = "2020-01-01T00:00:00Z";
        extra["BlueGreen:Auth:SignInAttemptsPerMinute"] = "4";
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2", extra);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    private AuditLog Audit => _dashboard.Services.GetRequiredService<AuditLog>();

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await client.SendAsync(request, Ct).WaitAsync(s_patience, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task NoCredentials_ApiIs401ProblemDetails_PagesGoToSignIn_HealthzStaysOpen()
    {
        using var anonymous = _dashboard.AnonymousClient();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/environments"), (HttpMethod.Get, "/api/deployments"), (HttpMethod.Post, "/api/deployments/x/rollback"), (HttpMethod.Post, "/api/loadtests/x/stop") })
        {
            using var request = new HttpRequestMessage(method, path);
            using var response = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync(Ct));
        }
        // A page: to the sign-in page, remembering where to come back to.
        using (var page = await anonymous.GetAsync("/deployments", Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("http://localhost/login?ReturnUrl=%2Fdeployments", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
        using (var login = await anonymous.GetAsync("/login", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("data-testid=\"signin-form\"", await login.Content.ReadAsStringAsync(Ct));
        }
        // The docs the sign-in page links to are public (they are the repository's).
        using (var docs = await anonymous.GetAsync("/docs/security.md", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
            Assert.StartsWith("# Security", await docs.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using var health = await anonymous.GetAsync("/healthz", Ct);
        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, health.StatusCode);
    }

    /// <summary>Calls that reach their endpoint fail on their input (so nothing runs) and are never 401/403.</summary>
    private static readonly (Scope Scope, HttpMethod Method, string Path, string? Body)[] s_calls =
    [
        (Scope.Read, HttpMethod.Get, "/api/environments", null),
        (Scope.Read, HttpMethod.Get, "/api/loadtests", null),
        (Scope.Deploy, HttpMethod.Post, "/api/environments/nowhere/deployments", "{\"version\":\"2.0.0\"}"),
        (Scope.Deploy, HttpMethod.Post, "/api/deployments/none/approve", "{}"),
        (Scope.Deploy, HttpMethod.Post, "/api/environments/test/servers/a1/state", "{\"state\":\"Bogus\"}"),
        (Scope.LoadTest, HttpMethod.Post, "/api/loadtests", "{\"environment\":\"nowhere\"}"),
        (Scope.LoadTest, HttpMethod.Post, "/api/loadtests/none/stop", null),
        (Scope.Experiment, HttpMethod.Post, "/api/experiments", "{\"preset\":\"nope\"}"),
        (Scope.Experiment, HttpMethod.Post, "/api/experiments/none/cancel", null),
    ];

    [Theory]
    [InlineData(Scope.Read)]
    [InlineData(Scope.Deploy)]
    [InlineData(Scope.LoadTest)]
    [InlineData(Scope.Experiment)]
    public async Task EachScope_AllowsExactlyItsCalls_AndEveryActionIsAudited(Scope scope)
    {
        var (token, _) = _dashboard.Services.GetRequiredService<TokenStore>().Create($"only-{Permissions.Name(scope)}", [scope], DateTimeOffset.UtcNow.AddDays(1), "test");
        using var anonymous = _dashboard.AnonymousClient();
        foreach (var call in s_calls)
        {
            var (status, body) = await SendAsync(anonymous, call.Method, call.Path, call.Body, token);
            if (call.Scope == scope)
            {
                Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{call.Method} {call.Path} with {scope}: {(int)status} {body}");
            }
            else
            {
                Assert.True(status == HttpStatusCode.Forbidden, $"{call.Method} {call.Path} with {scope}: {(int)status} {body}");
                Assert.Contains($"lacks the '{Permissions.Name(call.Scope)}' scope", body, StringComparison.Ordinal);
            }
        }
        // Every action (not the reads) is in the audit trail under the token's name, allowed or denied.
        var entries = Audit.Query(new AuditQuery { Actor = $"token:only-{Permissions.Name(scope)}" });
        var actions = s_calls.Where(c => c.Method != HttpMethod.Get).ToList();
        Assert.Equal(actions.Count, entries.Count);
        Assert.All(entries, e => Assert.Equal(ActorKind.Token, e.ActorKind));
        Assert.Equal(actions.Count(c => c.Scope != scope), entries.Count(e => e.Outcome == AuditOutcome.Denied));
        Assert.Contains(entries, e => e.Action == "deployment.approve" && e.Target == "none");
        Assert.Contains(entries, e => e.Action == "environment.server-state" && e.Environment == "test" && e.Target == "a1");
    }

    [Fact]
    public async Task RevokedUnknownAndExpiredTokens_401SayingWhich_AdminNeverByToken()
    {
        var store = _dashboard.Services.GetRequiredService<TokenStore>();
        var (token, _) = store.Create("soon-revoked", [Scope.Read, Scope.Deploy], DateTimeOffset.UtcNow.AddDays(1), "test");
        using var anonymous = _dashboard.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, HttpMethod.Get, "/api/environments", bearer: token)).Status);

        store.Revoke("soon-revoked", "test");
        var (revoked, revokedBody) = await SendAsync(anonymous, HttpMethod.Get, "/api/environments", bearer: token);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
        Assert.Contains("'soon-revoked' was revoked", revokedBody, StringComparison.Ordinal);

        var (expired, expiredBody) = await SendAsync(anonymous, HttpMethod.Get, "/api/environments", bearer: "bgt_expired-token-000000000000000000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
        Assert.Contains("'old' expired", expiredBody, StringComparison.Ordinal);

        var (unknown, unknownBody) = await SendAsync(anonymous, HttpMethod.Get, "/api/environments", bearer: "bgt_nobody-knows-this-one");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Contains("not known", unknownBody, StringComparison.Ordinal);
    }

    /// <summary>Signs in through the sign-in form as a browser would (antiforgery token from the page); returns the client.</summary>
    private async Task<HttpClient> SignInAsync(string name, string password = TestAccess.Password, HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var client = _dashboard.AnonymousClient();
        var form = await client.GetStringAsync("/login", Ct);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenValue(form, "__RequestVerificationToken"),
            ["_handler"] = "signin",
            ["Form.Name"] = name,
            ["Form.Password"] = password,
        };
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(expected, response.StatusCode);
        return client;
    }

    private static string HiddenValue(string html, string name)
        => Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"{Regex.Escape(name)}\"") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException($"No hidden {name} in:\n{html}");

    [Fact]
    public async Task Viewer_ReadsButEveryActionIs403AndAudited_OperatorWithCookieNeedsTheAntiforgeryToken()
    {
        using var viewer = await SignInAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(viewer, HttpMethod.Get, "/api/environments")).Status);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/deployments", Ct)).StatusCode);
        var (status, body) = await SendAsync(viewer, HttpMethod.Post, "/api/environments/test/deployments", "{\"version\":\"2.0.0\"}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Needs the Operator role", body, StringComparison.Ordinal);
        Assert.Contains(Audit.Query(new AuditQuery { Actor = "viewer" }), e => e.Action == "deployment.start" && e.Outcome == AuditOutcome.Denied && e.Channel == "api");
        // A load test (here straight to a back end, past HAProxy, with a writing method) needs Operator too.
        var (loadTest, loadTestBody) = await SendAsync(viewer, HttpMethod.Post, "/api/loadtests",
            "{\"environment\":\"test\",\"target\":\"Server\",\"server\":\"a1\",\"method\":\"DELETE\",\"ratePerClient\":10,\"clients\":1,\"durationSeconds\":1}");
        Assert.Equal(HttpStatusCode.Forbidden, loadTest);
        Assert.Contains("Needs the Operator role", loadTestBody, StringComparison.Ordinal);

        // An Operator's cookie alone does not make a state-changing call: a cross-site form could send it.
        using var operatorClient = await SignInAsync("operator");
        var (bare, bareBody) = await SendAsync(operatorClient, HttpMethod.Post, "/api/deployments/none/rollback");
        Assert.Equal(HttpStatusCode.BadRequest, bare);
        Assert.Contains("antiforgery", bareBody, StringComparison.OrdinalIgnoreCase);
        // With the page's antiforgery token it reaches the endpoint (404: there is no such deployment).
        var page = await operatorClient.GetStringAsync("/deployments", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments/none/rollback");
        request.Headers.Add("RequestVerificationToken", HiddenValue(page, "__RequestVerificationToken"));
        using var response = await operatorClient.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(Audit.Query(new AuditQuery { Actor = "operator" }), e => e.Action == "deployment.rollback" && e.Outcome == AuditOutcome.Refused && e.Status == 404);
    }

    [Fact]
    public async Task AuditExport_AdminOnly_NeverByToken_AndItselfAudited()
    {
        using var admin = await SignInAsync("admin");
        using (var csv = await admin.GetAsync("/api/audit.csv?action=account.", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var text = await csv.Content.ReadAsStringAsync(Ct);
            Assert.Contains("account.signin", text, StringComparison.Ordinal);
            Assert.Contains("admin", text, StringComparison.Ordinal);
        }
        Assert.Contains(Audit.Query(new AuditQuery { Actor = "admin" }), e => e.Action == "audit.export" && e.Outcome == AuditOutcome.Succeeded);

        using var operatorClient = await SignInAsync("operator");
        var (status, body) = await SendAsync(operatorClient, HttpMethod.Get, "/api/audit");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Needs the Admin role", body, StringComparison.Ordinal);
        // The tests' token has every scope; none of them is Admin.
        var (byToken, tokenBody) = await SendAsync(_dashboard.Client, HttpMethod.Get, "/api/audit.csv");
        Assert.Equal(HttpStatusCode.Forbidden, byToken);
        Assert.Contains("No API token may do this", tokenBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_RefusedAndAudited_AttemptsRateLimitedPerAddress()
    {
        using (var wrong = await SignInAsync("operator", "not the password", HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(wrong, HttpMethod.Get, "/api/environments")).Status);
        }
        Assert.Contains(Audit.Query(new AuditQuery { Action = "account.signin" }), e => e.Actor == "operator" && e.Outcome == AuditOutcome.Denied);
        // SignInAttemptsPerMinute is 4 here: one used above, three more, then 429.
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await SignInAsync("nobody", "x", HttpStatusCode.OK);
        }
        using var limited = _dashboard.AnonymousClient();
        using var response = await limited.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "signin" }), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "Retry-After");
    }

    [Fact]
    public async Task ForeignHost_Refused_SecurityHeadersOnEveryPage()
    {
        using var anonymous = _dashboard.AnonymousClient();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/healthz"))
        {
            request.Headers.Host = "attacker.example";
            using var response = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        using var login = await anonymous.GetAsync("/login", Ct);
        var csp = string.Join(";", login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", login.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task ApiRequests_RateLimitedPerCaller()
    {
        await using var limited = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2",
            new Dictionary<string, string?> { ["BlueGreen:Auth:ApiRequestsPerMinute"] = "5" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await limited.Client.GetAsync("/api/deployments", Ct);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
    }

    [Fact]
    public async Task ConsoleLink_SignsInOnce_ThenANewOneIsPrinted()
    {
        // No user configured: the console link is the way in.
        await using var fresh = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2");
        var links = fresh.Services.GetRequiredService<ConsoleSignIn>();
        var link = new Uri(links.Issue());
        Assert.Matches("^/login$", link.AbsolutePath);

        using var first = fresh.AnonymousClient();
        using (var response = await first.GetAsync(link.PathAndQuery, Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsolutePath);
        }
        using (var me = await first.GetAsync("/api/environments", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        // Spent: a second browser with the same link is not signed in.
        using var second = fresh.AnonymousClient();
        using (var again = await second.GetAsync(link.PathAndQuery, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("used already", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/environments", Ct)).StatusCode);
        var audit = fresh.Services.GetRequiredService<AuditLog>().Query(new AuditQuery { Action = "account.signin" });
        Assert.Equal([AuditOutcome.Denied, AuditOutcome.Succeeded], audit.Select(e => e.Outcome));
    }

    [Fact]
    public async Task OpenIdConnect_Configured_SchemeRegisteredAndOfferedOnTheSignInPage()
    {
        await using var oidc = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2",
            new Dictionary<string, string?>
            {
                ["BlueGreen:Auth:OpenIdConnect:Authority"] = "https://login.example.org/realms/ops",
                ["BlueGreen:Auth:OpenIdConnect:ClientId"] = "bluegreen",
                ["BlueGreen:Auth:OpenIdConnect:RoleClaim"] = "groups",
                ["BlueGreen:Auth:OpenIdConnect:RoleMap:ops"] = "Operator",
            });
        var schemes = oidc.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.NotNull(await schemes.GetSchemeAsync("OpenIdConnect"));
        var options = oidc.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>().Get("OpenIdConnect");
        Assert.Equal(("https://login.example.org/realms/ops", "bluegreen", "code", true), (options.Authority, options.ClientId, options.ResponseType, options.UsePkce));
        using var anonymous = oidc.AnonymousClient();
        var login = await anonymous.GetStringAsync("/login", Ct);
        Assert.Contains("data-testid=\"signin-oidc\"", login, StringComparison.Ordinal);
        // No password users: no password form, and no console link either (someone can sign in).
        Assert.DoesNotContain("data-testid=\"signin-form\"", login, StringComparison.Ordinal);
        Assert.False(oidc.Services.GetRequiredService<ConsoleSignIn>().Enabled);
    }

    [Fact]
    public async Task SecretsNeverStored_TheTokenAndThePasswordAreAbsentFromTheDataFolder()
    {
        var (token, _) = _dashboard.Services.GetRequiredService<TokenStore>().Create("secret-check", [Scope.Read], null, "test");
        using var anonymous = _dashboard.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, HttpMethod.Get, "/api/environments", bearer: token)).Status);
        using var signedIn = await SignInAsync("admin");
        foreach (var file in Directory.EnumerateFiles(_dashboard.DataFolder, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".db.lock", StringComparison.Ordinal))
            {
                // The data file's lock, held by the dashboard (so it cannot be read here): it is always empty.
                Assert.Equal(0, new FileInfo(file).Length);
                continue;
            }
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            var text = Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestAccess.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestAccess.Token, text, StringComparison.Ordinal);
        }
        Assert.NotEmpty(Audit.Query(new AuditQuery { Actor = "admin", Action = "account.signin" }));
    }
}
