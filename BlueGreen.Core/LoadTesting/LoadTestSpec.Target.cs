using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestSpec
{
    // Longest path and query accepted; HAProxy's default buffer (16 KB) holds far more, proxies in between may not.
    private const int MaxPathLength = 2048;

    /// <summary>
    /// The absolute URL this spec hits: the chosen front end's (or server's) scheme, host and port with
    /// <see cref="Path"/>. Null with problems reported when the environment, target or path is not valid.
    /// </summary>
    internal bool TryResolveUrl(EnvironmentCatalog catalog, Action<string, string, string> add, out Uri? url)
    {
        url = null;
        var baseUrl = ResolveBase(catalog, add);
        var pathValid = ValidatePath(add);
        if (baseUrl is null || !pathValid)
        {
            return false;
        }
        var resolved = new Uri(baseUrl, Path);
        // Defence in depth: whatever the path holds, the request stays on the configured host.
        if (!string.Equals(resolved.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase) || resolved.Scheme != baseUrl.Scheme)
        {
            add(nameof(Path), $"'{Path}' leads away from {baseUrl.Authority}.", "Use a path on the target, e.g. \"/\".");
            return false;
        }
        url = resolved;
        return true;
    }

    /// <summary>The generator's request for this spec against <paramref name="url"/>.</summary>
    internal LoadTestRequest ToRequest(Uri url, HttpMethod method) => new()
    {
        Target = url,
        RatePerClient = RatePerClient,
        Clients = Clients,
        Duration = Duration,
        RequestsPerClient = RequestsPerClient,
        RampUp = RampUp,
        WarmUp = WarmUp,
        Timeout = Timeout,
        KeepAlive = KeepAlive,
        Method = method,
    };

    private Uri? ResolveBase(EnvironmentCatalog catalog, Action<string, string, string> add)
    {
        var environment = string.IsNullOrWhiteSpace(Environment) ? null : catalog.Find(Environment);
        if (environment is null)
        {
            add(nameof(Environment), $"'{Environment}' is not a configured environment.", $"Use one of: {string.Join(", ", catalog.All.Select(e => e.Name))}.");
            return null;
        }
        if (Target == LoadTestTarget.Server)
        {
            return ResolveServer(environment, add);
        }
        if (Target != LoadTestTarget.FrontEnd)
        {
            add(nameof(Target), $"{(int)Target} is not a target.", "Use FrontEnd or Server.");
            return null;
        }
        if (Server is not null)
        {
            add(nameof(Server), $"'{Server}' is only used with Target Server.", "Remove it, or set Target to Server.");
        }
        var loadBalancer = LoadBalancer is null
            ? environment.LoadBalancers.FirstOrDefault()
            : environment.LoadBalancers.FirstOrDefault(lb => string.Equals(lb.Name, LoadBalancer, StringComparison.OrdinalIgnoreCase));
        if (loadBalancer is null)
        {
            add(nameof(LoadBalancer), LoadBalancer is null ? $"{environment.Name} has no load balancer." : $"'{LoadBalancer}' is not a load balancer of {environment.Name}.",
                $"Use one of: {string.Join(", ", environment.LoadBalancers.Select(lb => lb.Name))}; or target a Server.");
            return null;
        }
        return AbsoluteHttp(loadBalancer.FrontendUrl, nameof(LoadBalancer), $"the front end of {loadBalancer.Name}", add);
    }

    private Uri? ResolveServer(EnvironmentOptions environment, Action<string, string, string> add)
    {
        var servers = environment.Sites.SelectMany(s => s.Servers).ToList();
        var server = servers.FirstOrDefault(s => string.Equals(s.Name, Server, StringComparison.OrdinalIgnoreCase));
        if (server is null)
        {
            add(nameof(Server), Server is null ? "is missing for Target Server." : $"'{Server}' is not a server of {environment.Name}.",
                $"Use one of: {string.Join(", ", servers.Select(s => s.Name))}.");
            return null;
        }
        if (LoadBalancer is not null)
        {
            add(nameof(LoadBalancer), $"'{LoadBalancer}' is only used with Target FrontEnd.", "Remove it, or set Target to FrontEnd.");
        }
        return AbsoluteHttp(server.BaseUrl, nameof(Server), $"server {server.Name}", add);
    }

    private static Uri? AbsoluteHttp(string text, string field, string what, Action<string, string, string> add)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        add(field, $"the URL of {what} ('{text}') is not an absolute http(s) URL.", "Fix it in the environment's configuration.");
        return null;
    }

    private bool ValidatePath(Action<string, string, string> add)
    {
        const string Fix = "Give only the path (and query) on the target, starting with '/', e.g. \"/\" or \"/api/items?page=2\".";
        if (string.IsNullOrEmpty(Path) || Path[0] != '/')
        {
            add(nameof(Path), $"'{Path}' must start with '/'; a scheme or host is not allowed.", Fix);
            return false;
        }
        // "//host/x" and "/\host" are scheme-relative: they would name another host.
        if (Path.StartsWith("//", StringComparison.Ordinal) || Path.Contains('\\'))
        {
            add(nameof(Path), $"'{Path}' names a host or scheme.", Fix);
            return false;
        }
        if (Path.Length > MaxPathLength || Path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || Path.Contains('#'))
        {
            add(nameof(Path), $"must be at most {MaxPathLength} characters without spaces, control characters or '#'.", "Percent-encode spaces (%20); drop the fragment.");
            return false;
        }
        return true;
    }
}
