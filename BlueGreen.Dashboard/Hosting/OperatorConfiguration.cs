using Microsoft.Extensions.Configuration.Json;

namespace BlueGreen.Dashboard.Hosting;

public static class OperatorConfiguration
{
    /// <summary>Environment variable that points at another configuration file.</summary>
    public const string PathVariable = "BLUEGREEN_CONFIG";

    /// <summary>
    /// Loads the operator's <c>appsettings.json</c> (comments allowed): <c>$BLUEGREEN_CONFIG</c> when set; else the
    /// repository root's file when run from a checkout (<c>dotnet run --project BlueGreen.Dashboard</c>); else the
    /// copy beside the binaries (a published dashboard). It goes where the default appsettings files sit, so
    /// environment variables and the command line still override it.
    /// </summary>
    public static ConfigurationManager AddOperatorConfiguration(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var path = Resolve(environment.ContentRootPath);
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        var sources = configuration.Sources;
        var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        sources.Insert(lastJson > 0 ? lastJson + 1 : 0, source);
        return configuration;
    }

    public static string Resolve(string contentRoot)
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        var checkoutRoot = Path.GetFullPath(Path.Combine(contentRoot, ".."));
        if (File.Exists(Path.Combine(checkoutRoot, "BlueGreen.sln")) && File.Exists(Path.Combine(checkoutRoot, "appsettings.json")))
        {
            return Path.Combine(checkoutRoot, "appsettings.json");
        }
        return Path.Combine(AppContext.BaseDirectory, "appsettings.json");
    }
}
