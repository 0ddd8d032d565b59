using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// wwwroot/js/charts.js with the ApexCharts the build restored, on a bare page in a real Chromium: the Dashboard's
/// wwwroot served as-is by a small Kestrel on loopback (no test page in the product's routes), the module imported as
/// <c>window.charts</c>, its verbs called through <c>page.EvaluateAsync</c> with the configs the components send.
/// </summary>
public static class ChartTestPage
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><title>charts.js</title></head>
        <body style="margin: 16px; background: #fafafa; font-family: Roboto, Helvetica, Arial, sans-serif">
          <div id="chart" style="width: 960px; background: #fff"></div>
          <script src="/lib/apexcharts/apexcharts.min.js"></script>
          <script type="module">
            import * as charts from '/js/charts.js';
            window.charts = charts;
            window.chartsLoaded = true;
          </script>
        </body>
        </html>
        """;

    public static async Task<T> EvalAsync<T>(IPage page, string script, object? arg = null)
        => await page.EvaluateAsync<T>(script, arg).WaitAsync(Timeout, TestContext.Current.CancellationToken);

    /// <summary>Opens the page, waits for the module, and adds <c>window.toBase64(bytes)</c>; no page error so far.</summary>
    public static async Task<IPage> OpenAsync(BrowserSession browser, WebApplication server)
    {
        var page = await browser.NewPageAsync().WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.Urls.First() + "/", new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => window.chartsLoaded === true", null, new() { Timeout = 10_000 });
        await EvalAsync<object>(page, """
            () => {
              window.toBase64 = bytes => {
                let binary = '';
                for (let i = 0; i < bytes.length; i += 0x8000) {
                  binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                }
                return btoa(binary);
              };
            }
            """);
        Assert.Empty(errors);
        return page;
    }

    /// <summary>The Dashboard's wwwroot as files (charts.js from the source tree, apexcharts.min.js as the build copied it).</summary>
    public static async Task<WebApplication> StartServerAsync(CancellationToken cancellationToken)
    {
        var wwwroot = Path.Combine(RepositoryRoot(), "BlueGreen.Dashboard", "wwwroot");
        var apex = Path.Combine(wwwroot, "lib", "apexcharts", "apexcharts.min.js");
        Assert.True(File.Exists(apex), $"{apex} is missing: building BlueGreen.Dashboard restores it (npm ci) and copies it there.");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(wwwroot) });
        app.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8"));
        await app.StartAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
        return app;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BlueGreen.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException($"No BlueGreen.sln above {AppContext.BaseDirectory}.");
    }
}
