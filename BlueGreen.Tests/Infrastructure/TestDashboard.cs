using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// The real dashboard host in memory (WebApplicationFactory) with the lab off, its database in a temp folder, and
/// the tests' all-scope API token on <see cref="Client"/>, and environment <c>test</c>: one load balancer <c>lb1</c> and two sites, A (Blue, server a1) and C (Green, server c1).
/// </summary>
internal sealed class TestDashboard : IAsyncDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _folder;

    private TestDashboard(WebApplicationFactory<Program> factory, string folder)
    {
        _factory = factory;
        _folder = folder;
        // Every call with the tests' all-scope token; AnonymousClient() for calls without one.
        Client = TestAccess.Authorize(factory.CreateClient());
    }

    public HttpClient Client { get; }

    /// <summary>The data folder (LiteDB and the rest), deleted on dispose.</summary>
    public string DataFolder => _folder;

    /// <summary>A client with no credentials (the caller disposes it).</summary>
    public HttpClient AnonymousClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The host's services (the real singletons the API uses).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <param name="runtimeApi">lb1's runtime API (a socket path or tcp://).</param>
    /// <param name="frontendUrl">lb1's front end.</param>
    /// <param name="a1">a1's address (host:port).</param>
    /// <param name="c1">c1's address (host:port).</param>
    /// <param name="extra">More settings (e.g. limits), added last.</param>
    public static TestDashboard Start(string runtimeApi, string frontendUrl, string a1, string c1, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var folder = Integration.TempFolder("dashboard");
        var settings = new Dictionary<string, string?>
        {
            ["BlueGreen:DataFolder"] = folder,
            ["BlueGreen:Lab:Enabled"] = "false",
            ["BlueGreen:Environments:0:Name"] = "test",
            ["BlueGreen:Environments:0:LoadBalancers:0:Name"] = "lb1",
            ["BlueGreen:Environments:0:LoadBalancers:0:RuntimeApi"] = runtimeApi,
            ["BlueGreen:Environments:0:LoadBalancers:0:Backend"] = "app",
            ["BlueGreen:Environments:0:LoadBalancers:0:FrontendUrl"] = frontendUrl,
            ["BlueGreen:Environments:0:Sites:0:Name"] = "A",
            ["BlueGreen:Environments:0:Sites:0:Group"] = "Blue",
            ["BlueGreen:Environments:0:Sites:0:Servers:0:Name"] = "a1",
            ["BlueGreen:Environments:0:Sites:0:Servers:0:Address"] = a1,
            ["BlueGreen:Environments:0:Sites:1:Name"] = "C",
            ["BlueGreen:Environments:0:Sites:1:Group"] = "Green",
            ["BlueGreen:Environments:0:Sites:1:Servers:0:Name"] = "c1",
            ["BlueGreen:Environments:0:Sites:1:Servers:0:Address"] = c1,
        };
        foreach (var (key, value) in TestAccess.TokenSettings())
        {
            settings[key] = value;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // UseSetting too: Program reads a few settings while it registers services (the identity provider), before
            // ConfigureAppConfiguration's sources are added.
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        });
        return new TestDashboard(factory, folder);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync().AsTask().WaitAsync(s_patience);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
