using System.Text.Json;
using AngleSharp.Dom;
using BlueGreen.Core;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Pages.Admin;
using BlueGreen.Dashboard.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages.Admin;

/// <summary>The API tokens page on the real token store and audit trail, with one token provisioned in configuration.</summary>
public sealed class AdminTokensPageTests : AdminPageTestContext
{
    private const string ConfiguredRaw = "bgt_configured-token-for-tests";

    public AdminTokensPageTests()
    {
        Services.Configure<BlueGreenOptions>(o => o.Auth.Tokens.Add(new TokenOptions
        {
            Name = "ci-config", Hash = ApiToken.HashOf(ConfiguredRaw), Scopes = [Scope.Read], ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
        }));
    }

    private TokenStore Tokens => Services.GetRequiredService<TokenStore>();

    private static IElement Row(IRenderedComponent<AdminTokens> page, string name)
        => page.FindAll("[data-testid=tokens-table] tbody tr").Single(r => r.QuerySelector("[data-testid=token-name-cell]")!.TextContent.Contains(name, StringComparison.Ordinal));

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    [Fact]
    public void List_ShowsEveryTokenWithItsStateAndTheConfiguredOneCannotBeRevoked()
    {
        Tokens.Create("deployer", [Scope.Deploy, Scope.Read], DateTimeOffset.UtcNow.AddDays(10), "alice");
        Tokens.Create("old", [Scope.LoadTest], DateTimeOffset.UtcNow.AddDays(10), "alice");
        Tokens.Revoke("old", "alice");

        var page = Open<AdminTokens>();

        Assert.Equal(3, page.FindAll("[data-testid=tokens-table] tbody tr").Count);
        var configured = Row(page, "ci-config");
        Assert.NotNull(configured.QuerySelector("[data-testid=from-configuration]"));
        Assert.Equal("Active", Cell(configured, "token-state"));
        Assert.True(configured.QuerySelector("[data-testid=revoke-token]")!.HasAttribute("disabled"));
        Assert.Contains(page.FindComponents<MudTooltip>(), t => t.Instance.Text?.Contains("remove it there and restart", StringComparison.Ordinal) == true);
        var deployer = Row(page, "deployer");
        Assert.Equal("read, deploy", Cell(deployer, "token-scopes"));
        Assert.Equal("Active", Cell(deployer, "token-state"));
        Assert.Equal("never", Cell(deployer, "token-last-used"));
        Assert.Null(deployer.QuerySelector("[data-testid=from-configuration]"));
        Assert.False(deployer.QuerySelector("[data-testid=revoke-token]")!.HasAttribute("disabled"));
        Assert.Equal("Revoked", Cell(Row(page, "old"), "token-state"));
        Assert.Null(Row(page, "old").QuerySelector("[data-testid=revoke-token]"));
    }

    [Fact]
    public void Create_ShowsTheTokenOnceAndTheStoreHoldsOnlyItsHash()
    {
        var page = Open<AdminTokens>();
        page.Find("input[data-testid=token-name]").Change("gitlab-deploy");
        page.Find("input[data-testid=scope-deploy]").Change(true);

        page.Find("[data-testid=create-token]").Click();

        var raw = page.WaitForElement("[data-testid=created-token-value]", Patience).TextContent.Trim();
        Assert.StartsWith(ApiToken.Prefix, raw, StringComparison.Ordinal);
        Assert.Contains("Copy it now: it is not shown again", page.Find("[data-testid=created-token]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"curl -H \"Authorization: Bearer {raw}\" http://localhost/api/environments", page.Find("[data-testid=created-token-example]").TextContent.Trim());
        ToastSays("Token gitlab-deploy created");

        var stored = Tokens.List().Single(t => t.Name == "gitlab-deploy");
        Assert.Equal(ApiToken.HashOf(raw), stored.Hash);
        Assert.Equal([Scope.Read, Scope.Deploy], stored.Scopes);
        Assert.Equal("test-admin", stored.CreatedBy);
        Assert.InRange(stored.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(89.9), TimeSpan.FromDays(90));
        Assert.DoesNotContain(raw, JsonSerializer.Serialize(Tokens.List()), StringComparison.Ordinal);
        Assert.Equal("gitlab-deploy", Tokens.Authenticate(raw, "127.0.0.1", out var refusal)?.Name);
        Assert.Null(refusal);

        var entry = Assert.Single(Entries("token.create"));
        Assert.Equal(("test-admin", "gitlab-deploy", AuditOutcome.Succeeded), (entry.Actor, entry.Target, entry.Outcome));
        Assert.DoesNotContain(raw, entry.Detail ?? "", StringComparison.Ordinal);

        // Shown once: the page opened again lists the token but never shows it.
        var again = Render<AdminTokens>();
        Assert.Empty(again.FindAll("[data-testid=created-token]"));
        Assert.DoesNotContain(raw, again.Markup, StringComparison.Ordinal);
        Assert.Equal("Active", Cell(Row(again, "gitlab-deploy"), "token-state"));
    }

    [Theory]
    [InlineData("", "Expires in (days) is empty")]
    [InlineData("0", "Expires in (days): '0' is not a whole number of days from 1 to 3650")]
    [InlineData("-5", "Expires in (days): '-5' is not a whole number of days from 1 to 3650")]
    [InlineData("soon", "Expires in (days): 'soon' is not a whole number")]
    public void Create_ExpiryNotAPositiveNumberOfDays_RefusedNamingTheField(string days, string expected)
    {
        var page = Open<AdminTokens>();
        page.Find("input[data-testid=token-name]").Change("ci");
        page.Find("input[data-testid=token-days]").Change(days);

        page.Find("[data-testid=create-token]").Click();

        Assert.Contains(expected, page.Find("input[data-testid=token-days]").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=created-token]"));
        Assert.DoesNotContain(Tokens.List(), t => t.Name == "ci");
        Assert.Empty(Entries("token.create"));
    }

    [Fact]
    public void Create_TakenName_RefusedByTheStoreAndAudited()
    {
        Tokens.Create("ci", [Scope.Read], null, "alice");
        var page = Open<AdminTokens>();
        page.Find("input[data-testid=token-name]").Change("CI");

        page.Find("[data-testid=create-token]").Click();

        Assert.Contains("a token named 'CI' exists already", page.Find("[data-testid=admin-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=created-token]"));
        Assert.Equal(AuditOutcome.Refused, Assert.Single(Entries("token.create")).Outcome);
    }

    [Fact]
    public void Revoke_Confirmed_MarksItRevokedAndTheTokenStopsWorking()
    {
        var (raw, _) = Tokens.Create("deployer", [Scope.Deploy], DateTimeOffset.UtcNow.AddDays(10), "alice");
        var page = Open<AdminTokens>();

        Row(page, "deployer").QuerySelector("[data-testid=revoke-token]")!.Click();
        Confirm("Revoke token deployer?", "Revoke");

        page.WaitForAssertion(() => Assert.Equal("Revoked", Cell(Row(page, "deployer"), "token-state")), Patience);
        ToastSays("Token deployer revoked.");
        var revoked = Tokens.List().Single(t => t.Name == "deployer");
        Assert.Equal("test-admin", revoked.RevokedBy);
        Assert.Null(Tokens.Authenticate(raw, null, out var refusal));
        Assert.StartsWith("Token 'deployer' was revoked", refusal, StringComparison.Ordinal);
        var entry = Assert.Single(Entries("token.revoke"));
        Assert.Equal(("deployer", AuditOutcome.Succeeded), (entry.Target, entry.Outcome));
    }

    [Fact]
    public void Revoke_Cancelled_LeavesItActive()
    {
        Tokens.Create("deployer", [Scope.Deploy], null, "alice");
        var page = Open<AdminTokens>();

        Row(page, "deployer").QuerySelector("[data-testid=revoke-token]")!.Click();
        Confirm("Revoke token deployer?", "Cancel");

        page.WaitForAssertion(() => Assert.Empty(Providers.FindAll(".mud-dialog")), Patience);
        Assert.Equal("Active", Cell(Row(page, "deployer"), "token-state"));
        Assert.Null(Tokens.List().Single(t => t.Name == "deployer").RevokedAt);
        Assert.Empty(Entries("token.revoke"));
    }

    [Fact]
    public void Operator_Create_DeniedOnTheServerAndAudited()
    {
        Authorization.SetRoles(nameof(Role.Operator));
        var page = Open<AdminTokens>();
        page.Find("input[data-testid=token-name]").Change("sneaky");

        page.Find("[data-testid=create-token]").Click();

        Assert.Equal("Needs the Admin role.", page.Find("[data-testid=admin-error]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=created-token]"));
        Assert.DoesNotContain(Tokens.List(), t => t.Name == "sneaky");
        var entry = Assert.Single(Entries("token.create"));
        Assert.Equal(("test-admin", "sneaky", AuditOutcome.Denied, 403), (entry.Actor, entry.Target, entry.Outcome, entry.Status));
    }

    [Fact]
    public async Task Operator_RunAsyncAdmin_ThrowsAccessDeniedAndDoesNotRunTheWork()
    {
        Authorization.SetRoles(nameof(Role.Operator));
        Tokens.Create("deployer", [Scope.Deploy], null, "alice");
        var access = Services.GetRequiredService<AccessContext>();

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => access.RunAsync(Permission.Admin, "token.revoke", null, "deployer",
            () => Task.FromResult(Tokens.Revoke("deployer", access.Name))));

        Assert.Equal("Needs the Admin role.", denied.Message);
        Assert.Null(Tokens.List().Single(t => t.Name == "deployer").RevokedAt);
        Assert.Equal(AuditOutcome.Denied, Assert.Single(Entries("token.revoke")).Outcome);
    }
}
