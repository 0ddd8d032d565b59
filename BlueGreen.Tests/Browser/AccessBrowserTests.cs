using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// Sign-in and roles in Chromium on the running dashboard and its lab behind the real HAProxy: a Viewer signs in
/// with a password and finds every action disabled with the role it needs; an Operator deploys 2.0.0 through the
/// UI; an Admin finds the Operator's actions in the Audit page with their name. A newcomer on a dashboard with no
/// user gets in with the console link in one click.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class AccessBrowserTests
{
    private static async Task<IPage> SignInAsync(BrowserSession browser, DashboardProcess dashboard, string name)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(dashboard.BaseUrl + "/deployments");
        // Not signed in: the sign-in page, which comes back here afterwards.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fdeployments$"));
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-password").FillAsync(TestAccess.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(name);
        await Expect(page).ToHaveURLAsync(dashboard.BaseUrl + "/deployments");
        await Expect(page.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-ready", "true");
        return page;
    }

    [Fact]
    public async Task ViewerSeesDisabledActions_OperatorDeploys_AdminAuditsIt()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        // The lab asks for approval by someone else than the one who started (four eyes).
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct, users: true,
            labExtra: ", \"RequireApproval\": true, \"RequireDistinctApprover\": true");
        Assert.DoesNotContain("Sign in: ", dashboard.Output, StringComparison.Ordinal);

        // A wrong password: refused, on the sign-in page.
        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync(dashboard.BaseUrl + "/login");
        await stranger.GetByTestId("signin-name").FillAsync("operator");
        await stranger.GetByTestId("signin-password").FillAsync("not the password");
        await stranger.GetByTestId("signin-submit").ClickAsync();
        await Expect(stranger.GetByTestId("signin-message")).ToHaveTextAsync("Wrong name or password.");
        await stranger.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("signin-wrong-password.png") });

        // Viewer: the page, the role, and the action disabled with the role it needs.
        var viewer = await SignInAsync(browser, dashboard, "viewer");
        await Expect(viewer.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
        await Expect(viewer.GetByTestId("new-deployment")).ToBeDisabledAsync();
        await viewer.GetByTestId("needs-role").First.HoverAsync();
        await Expect(viewer.GetByText("Needs the Operator role.").First).ToBeVisibleAsync();
        await viewer.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("viewer-deployments.png") });
        await Expect(viewer.GetByTestId("nav-admin")).ToHaveCountAsync(0);

        // Operator: starts a deployment through the UI; it waits for approval; their own promote is refused.
        var operatorPage = await SignInAsync(browser, dashboard, "operator");
        await operatorPage.GetByTestId("new-deployment").ClickAsync();
        await operatorPage.Locator("input[data-testid=version-input], [data-testid=version-input] input").First.FillAsync("2.0.0");
        await operatorPage.GetByTestId("start-deployment").ClickAsync();
        var state = operatorPage.Locator("[data-testid=deployment-header] [data-testid=deployment-state]");
        await Expect(state).ToHaveAttributeAsync("data-state", "AwaitingApproval", new() { Timeout = 60_000 });
        await Expect(operatorPage.GetByTestId("deployment-header")).ToContainTextAsync("by operator");
        var deployment = operatorPage.Url;
        await operatorPage.GetByTestId("promote").ClickAsync();
        await operatorPage.Locator(".mud-dialog button", new() { HasText = "Promote" }).ClickAsync();
        await Expect(operatorPage.Locator(".mud-snackbar", new() { HasText = "requires a different person to approve" })).ToBeVisibleAsync();
        await Expect(state).ToHaveAttributeAsync("data-state", "AwaitingApproval");

        // Signed out: back to the sign-in page; the API refuses the old session.
        await operatorPage.GetByTestId("signout").ClickAsync();
        await Expect(operatorPage.GetByTestId("signin-message")).ToHaveTextAsync("Signed out.");
        var after = await operatorPage.APIRequest.GetAsync(dashboard.BaseUrl + "/api/environments");
        Assert.Equal(401, after.Status);

        // Admin: promotes it (another person), and it goes through.
        var admin = await SignInAsync(browser, dashboard, "admin");
        await BrowserSession.GotoInteractiveAsync(admin, deployment);
        await admin.GetByTestId("promote").ClickAsync();
        await admin.Locator(".mud-dialog button", new() { HasText = "Promote" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=deployment-header] [data-testid=deployment-state]"))
            .ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 90_000 });

        // The Audit page: every action of that deployment, with the person's name.
        await BrowserSession.GotoInteractiveAsync(admin, dashboard.BaseUrl + "/admin/audit");
        var rows = admin.Locator("[data-testid=audit-table] tbody tr", new() { Has = admin.Locator("[data-testid=audit-action]", new() { HasText = "deployment." }) });
        var seen = new List<string>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            seen.Add($"{await row.GetByTestId("audit-actor").InnerTextAsync()} {await row.GetByTestId("audit-action").InnerTextAsync()} {await row.GetByTestId("audit-outcome").GetAttributeAsync("data-outcome")}");
        }
        // Newest first.
        Assert.Equal(["admin deployment.approve Succeeded", "operator deployment.approve Refused", "operator deployment.start Succeeded"], seen);
        await Expect(admin.Locator("[data-testid=audit-table] tbody tr", new() { HasText = "account.signin" })).Not.ToHaveCountAsync(0);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("admin-audit.png"), FullPage = true });
    }

    [Fact]
    public async Task Newcomer_ConsoleLinkSignsInWithOneClick_OnlyOnce()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(dashboard.BaseUrl + "/");
        await Expect(page.GetByTestId("signin-console")).ToBeVisibleAsync();
        await dashboard.SignInAsync(page);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("console");
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Admin");
        await Expect(page.Locator("[data-testid=live-banner]").First).ToBeVisibleAsync();
        var used = page.Url;

        // The same link in another browser: spent.
        var other = await browser.NewPageAsync();
        var link = dashboard.Output.Split('\n').First(l => l.StartsWith("Sign in: ", StringComparison.Ordinal))["Sign in: ".Length..].Trim();
        await other.GotoAsync(link);
        await Expect(other.GetByTestId("signin-message")).ToContainTextAsync("used already");
        Assert.EndsWith("/", used, StringComparison.Ordinal);
    }
}
