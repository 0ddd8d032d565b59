using Microsoft.Playwright;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// Headless Debian Chromium driven by Playwright (never <c>playwright install</c>). The flags keep Chromium off
/// the network it cannot reach here, and let it run as root.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync()
    {
        Integration.RequireExecutable("chromium", "chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return new BrowserSession(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>Opens <paramref name="url"/> and waits until the page's Blazor circuit is interactive (clicks on a
    /// prerendered page before that are lost).</summary>
    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
    }

    /// <summary>Where screenshots go: TestResults/screenshots under the repository (or $TEST_RESULTS).</summary>
    public static string ScreenshotPath(string name)
    {
        var root = Environment.GetEnvironmentVariable("TEST_RESULTS");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BlueGreen.sln")))
            {
                dir = dir.Parent;
            }
            root = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults");
        }
        var folder = Path.Combine(root, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
