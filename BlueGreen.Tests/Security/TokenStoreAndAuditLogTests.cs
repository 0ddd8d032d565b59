using BlueGreen.Core;
using BlueGreen.Core.Security;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BlueGreen.Tests.Security;

/// <summary>Tokens (hash only, scopes, expiry, revocation, last use, configured ones) and the append-only audit trail,
/// on LiteDB in a temp folder.</summary>
public sealed class TokenStoreAndAuditLogTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Integration.TempFolder("tokens");
    private readonly BlueGreenDatabase _database;
    private readonly FakeTimeProvider _time = new(s_now);

    public TokenStoreAndAuditLogTests() => _database = new BlueGreenDatabase(Path.Combine(_folder, "bluegreen.db"));

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private TokenStore Tokens(params TokenOptions[] configured)
        => new(_database, Microsoft.Extensions.Options.Options.Create(new BlueGreenOptions { Auth = { Tokens = [.. configured] } }), _time);

    [Fact]
    public void Create_TokenShownOnceStoredAsItsHashOnly()
    {
        var tokens = Tokens();

        var (token, record) = tokens.Create("gitlab-deploy", [Scope.Deploy, Scope.Read], s_now.AddDays(90), "alice");

        Assert.StartsWith(ApiToken.Prefix, token, StringComparison.Ordinal);
        Assert.True(token.Length > 40);
        Assert.Equal(ApiToken.HashOf(token), record.Hash);
        Assert.Equal([Scope.Read, Scope.Deploy], record.Scopes);
        Assert.Equal(record, tokens.List().Single() with { Scopes = record.Scopes });
        Assert.Equal(record.Scopes, tokens.List().Single().Scopes);
        _database.Dispose();
        Assert.DoesNotContain(token, File.ReadAllText(Path.Combine(_folder, "bluegreen.db"), System.Text.Encoding.Latin1), StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_KnownUsableToken_ThenRevokedAndExpiredRefusedSayingWhy()
    {
        var tokens = Tokens();
        var (token, _) = tokens.Create("ci", [Scope.Read], s_now.AddHours(1), "alice");
        var (other, _) = tokens.Create("ci-2", [Scope.Read], s_now.AddHours(1), "alice");

        Assert.Equal("ci", tokens.Authenticate(token, "10.0.0.5", out var none)?.Name);
        Assert.Null(none);
        Assert.Null(tokens.Authenticate(token + "x", null, out var unknown));
        Assert.Equal("The token is not known.", unknown);

        tokens.Revoke("ci", "bob");
        Assert.Null(tokens.Authenticate(token, null, out var revoked));
        Assert.StartsWith("Token 'ci' was revoked", revoked, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Null(tokens.Authenticate(other, null, out var expired));
        Assert.StartsWith("Token 'ci-2' expired", expired, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_RecordsLastUseAtMostOnceAMinute()
    {
        var tokens = Tokens();
        var (token, _) = tokens.Create("ci", [Scope.Read], null, "alice");

        tokens.Authenticate(token, "10.0.0.5", out _);
        _time.Advance(TimeSpan.FromSeconds(30));
        tokens.Authenticate(token, "10.0.0.6", out _);
        Assert.Equal((s_now, "10.0.0.5"), (tokens.List().Single().LastUsedAt!.Value, tokens.List().Single().LastUsedFrom));

        _time.Advance(TimeSpan.FromSeconds(31));
        tokens.Authenticate(token, "10.0.0.7", out _);
        Assert.Equal("10.0.0.7", tokens.List().Single().LastUsedFrom);
    }

    [Fact]
    public void Configured_TokenByHash_AuthenticatesButIsNotRevocableHere()
    {
        var token = ApiToken.NewToken();
        var tokens = Tokens(new TokenOptions { Name = "iac", Hash = ApiToken.HashOf(token).ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal), Scopes = [Scope.Deploy] });

        Assert.Equal([Scope.Deploy], tokens.Authenticate(token, null, out _)!.Scopes);
        Assert.True(tokens.List().Single().FromConfiguration);
        var error = Assert.Throws<InvalidOperationException>(() => tokens.Revoke("iac", "alice"));
        Assert.Contains("BlueGreen:Auth:Tokens", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "read", 1, "name:")]
    [InlineData("has space", "read", 1, "name:")]
    [InlineData("ok", "", 1, "scopes:")]
    [InlineData("ok", "read", -1, "expiresAt:")]
    public void Create_BadInput_RefusedNamingTheField(string name, string scopes, int days, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => Tokens().Create(name, [.. Permissions.ParseScopes(scopes, out _)], s_now.AddDays(days), "alice"));

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TakenName_Refused()
    {
        var tokens = Tokens();
        tokens.Create("ci", [Scope.Read], null, "alice");

        Assert.Throws<ArgumentException>(() => tokens.Create("CI", [Scope.Read], null, "alice"));
    }

    [Fact]
    public void ParseScopes_KnownNamesAndUnknownOnesReported()
    {
        Assert.Equal([Scope.Read, Scope.Deploy], Permissions.ParseScopes("read, Deploy,read", out var none));
        Assert.Empty(none);
        Permissions.ParseScopes("read,admin,3", out var unknown);
        Assert.Equal(["admin", "3"], unknown);
    }

    [Theory]
    [InlineData(Role.Viewer, Permission.Read, true)]
    [InlineData(Role.Viewer, Permission.Deploy, false)]
    [InlineData(Role.Operator, Permission.Experiment, true)]
    [InlineData(Role.Operator, Permission.Admin, false)]
    [InlineData(Role.Admin, Permission.Admin, true)]
    public void Roles_IncludeTheOnesBelow(Role role, Permission permission, bool allowed) => Assert.Equal(allowed, Permissions.Allows(role, permission));

    [Fact]
    public void Scopes_EachAllowsExactlyItsPermission()
    {
        foreach (var scope in Enum.GetValues<Scope>())
        {
            var allowed = Enum.GetValues<Permission>().Where(p => Permissions.Allows([scope], p)).ToList();
            Assert.Equal([(Permission)Enum.Parse(typeof(Permission), scope.ToString())], allowed);
        }
    }

    [Fact]
    public void Audit_AppendsInOrderFiltersAndExportsCsvWithFormulasEscaped()
    {
        var audit = new AuditLog(_database, _time);
        audit.Append(new AuditEntry { Actor = "alice", ActorKind = ActorKind.User, Action = "deployment.start", Environment = "prod", Target = "d-1", Outcome = AuditOutcome.Succeeded, Status = 202, Channel = "ui" });
        _time.Advance(TimeSpan.FromSeconds(1));
        audit.Append(new AuditEntry { Actor = "token:ci", ActorKind = ActorKind.Token, Action = "deployment.approve", Environment = "prod", Outcome = AuditOutcome.Denied, Status = 403, Channel = "api", Detail = "=HYPERLINK(\"x\")" });

        var all = audit.Query(new AuditQuery());
        Assert.Equal(["deployment.approve", "deployment.start"], all.Select(e => e.Action));
        Assert.True(all[0].Id > all[1].Id);
        Assert.Equal(s_now.AddSeconds(1), all[0].At);
        Assert.Equal(["alice"], audit.Query(new AuditQuery { Actor = "alice" }).Select(e => e.Actor));
        Assert.Single(audit.Query(new AuditQuery { Outcome = AuditOutcome.Denied }));
        Assert.Equal(2, audit.Query(new AuditQuery { Action = "deployment." }).Count);
        var csv = AuditLog.Csv(all).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, csv.Length);
        Assert.Contains("'=HYPERLINK", csv[1], StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(AuditLog).GetMethods(), m => m.Name.Contains("Delete", StringComparison.Ordinal) || m.Name.Contains("Update", StringComparison.Ordinal));
    }
}
