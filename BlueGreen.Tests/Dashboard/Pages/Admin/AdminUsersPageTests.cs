using AngleSharp.Dom;
using BlueGreen.Core;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Pages.Admin;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages.Admin;

/// <summary>The Users page on the real role store: configured users alice (Operator) and test-admin (Admin, the
/// signed-in user), and an override for console.</summary>
public sealed class AdminUsersPageTests : AdminPageTestContext
{
    public AdminUsersPageTests()
    {
        Services.Configure<BlueGreenOptions>(o => o.Auth.Users.AddRange(
        [
            new UserOptions { Name = "alice", PasswordHash = "x", Role = Role.Operator },
            new UserOptions { Name = "test-admin", PasswordHash = "x", Role = Role.Admin },
        ]));
    }

    private UserRoleStore Roles => Services.GetRequiredService<UserRoleStore>();

    private static IElement Row(IRenderedComponent<AdminUsers> page, string name)
        => page.FindAll("[data-testid=users-table] tbody tr").Single(r => r.QuerySelector("[data-testid=user-name]")!.TextContent.Trim().Split(' ')[0] == name);

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private void SetRole(IRenderedComponent<AdminUsers> page, string name, Role role)
    {
        page.Find("input[data-testid=role-name]").Change(name);
        page.InvokeAsync(() => page.FindComponent<MudSelect<Role>>().Instance.SelectOption(role));
        page.Find("[data-testid=set-role]").Click();
    }

    [Fact]
    public void List_ConfiguredUsersThenOverridesWithTheEffectiveRole()
    {
        Roles.Set("console", Role.Admin, "test-admin");

        var page = Open<AdminUsers>();

        Assert.Equal(["alice", "test-admin", "console"], page.FindAll("[data-testid=user-name] b").Select(b => b.TextContent));
        Assert.Equal(("Operator", "–", "Operator"), (Cell(Row(page, "alice"), "user-configured"), Cell(Row(page, "alice"), "user-override"), Cell(Row(page, "alice"), "user-effective")));
        Assert.Equal("test-admin (you)", Cell(Row(page, "test-admin"), "user-name"));
        Assert.Equal("not configured", Cell(Row(page, "console"), "user-configured"));
        Assert.StartsWith("Admin (by test-admin, ", Cell(Row(page, "console"), "user-override"), StringComparison.Ordinal);
        Assert.Equal("Admin", Cell(Row(page, "console"), "user-effective"));
        Assert.Null(Row(page, "alice").QuerySelector("[data-testid=clear-role]"));
    }

    [Fact]
    public void SetThenClear_OverrideAppliesThenTheConfiguredRoleAgain()
    {
        var page = Open<AdminUsers>();

        SetRole(page, "alice", Role.Admin);
        Confirm("Make alice Admin?", "Set role");

        page.WaitForAssertion(() => Assert.Equal("Admin", Cell(Row(page, "alice"), "user-effective")), Patience);
        ToastSays("alice is Admin now.");
        Assert.Equal(Role.Admin, Roles.Find("alice"));
        var set = Assert.Single(Entries("user.role"));
        Assert.Equal(("test-admin", "alice", "Admin", AuditOutcome.Succeeded), (set.Actor, set.Target, set.Detail, set.Outcome));

        Row(page, "alice").QuerySelector("[data-testid=clear-role]")!.Click();
        Confirm("Clear the role set for alice? Their role is Operator again.", "Clear");

        page.WaitForAssertion(() => Assert.Equal("Operator", Cell(Row(page, "alice"), "user-effective")), Patience);
        Assert.Null(Roles.Find("alice"));
        Assert.Equal("–", Cell(Row(page, "alice"), "user-override"));
        Assert.Equal(2, Entries("user.role").Count);
        Assert.Equal(AuditOutcome.Succeeded, Entries("user.role")[0].Outcome);
    }

    [Fact]
    public void SetRole_ANameNotConfigured_AddsARow()
    {
        var page = Open<AdminUsers>();

        SetRole(page, "bob@example.org", Role.Operator);
        Confirm("Make bob@example.org Operator?", "Set role");

        page.WaitForAssertion(() => Assert.Equal("Operator", Cell(Row(page, "bob@example.org"), "user-effective")), Patience);
        Assert.Equal("not configured", Cell(Row(page, "bob@example.org"), "user-configured"));
        Assert.Equal(Role.Operator, Roles.Find("BOB@example.org"));
    }

    [Fact]
    public void LoweringYourOwnRole_RefusedAndAudited()
    {
        var page = Open<AdminUsers>();

        SetRole(page, "test-admin", Role.Operator);
        Confirm("Make test-admin Operator?", "Set role");

        page.WaitForAssertion(() => Assert.Contains("You cannot lower your own role (to Operator)", page.Find("[data-testid=admin-error]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Null(Roles.Find("test-admin"));
        Assert.Equal("Admin", Cell(Row(page, "test-admin"), "user-effective"));
        var entry = Assert.Single(Entries("user.role"));
        Assert.Equal(("test-admin", AuditOutcome.Refused), (entry.Target, entry.Outcome));
    }

    [Fact]
    public void ClearingYourOwnOverride_WhenItWouldLowerYou_Refused()
    {
        Roles.Set("console", Role.Admin, "someone");
        Authorization.SetAuthorized("console");
        var page = Open<AdminUsers>();

        Row(page, "console").QuerySelector("[data-testid=clear-role]")!.Click();
        Confirm("Clear the role set for console?", "Clear");

        page.WaitForAssertion(() => Assert.Contains("You cannot clear your own override", page.Find("[data-testid=admin-error]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal(Role.Admin, Roles.Find("console"));
    }

    [Fact]
    public void Operator_SetRole_DeniedAndAudited()
    {
        Authorization.SetRoles(nameof(Role.Operator));
        var page = Open<AdminUsers>();

        SetRole(page, "alice", Role.Admin);
        Confirm("Make alice Admin?", "Set role");

        page.WaitForAssertion(() => Assert.Equal("Needs the Admin role.", page.Find("[data-testid=admin-error]").TextContent.Trim()), Patience);
        Assert.Null(Roles.Find("alice"));
        Assert.Equal(AuditOutcome.Denied, Assert.Single(Entries("user.role")).Outcome);
    }
}
