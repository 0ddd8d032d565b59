using System.Net;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary><c>GET /docs/{name}.md</c> in the real dashboard host: the docs a page links to ship inside it.</summary>
public sealed class DocsEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private TestDashboard _dashboard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:18999/", "127.0.0.1:1", "127.0.0.1:2");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task Statistics_TheRepositorysDocAsText()
    {
        var response = await _dashboard.Client.GetAsync("/docs/statistics.md", Ct).WaitAsync(s_patience, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repository(), "docs", "statistics.md"), Ct), text);
    }

    [Theory]
    [InlineData("/docs/nope.md")]
    [InlineData("/docs/..%2Fappsettings.json")]
    public async Task OtherName_NotFound(string path)
    {
        var response = await _dashboard.Client.GetAsync(path, Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BlueGreen.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }
}
