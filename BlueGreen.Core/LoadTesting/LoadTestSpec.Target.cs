using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

public sealed partial record LoadTestSpec
{
    // Longest path and query accepted; HAProxy's default buffer (16 KB) holds far more, proxies in between may not.
    private const int MaxPathLength = 2048;

    /// <summary>
    /// What is wrong with <paramref name="path"/> as the path (and query) a load test sends to, with the fix; null when
    /// it is a path on the target. The rule for <see cref="Path"/> and for an environment's
    /// <see cref="EnvironmentOptions.LoadPath"/>.
    /// </summary>
    public static LoadTestProblem? PathProblem(string? path)
    {
        const string Fix = "Give only the path (and query) on the target, starting with '/', e.g. \"/\" or \"/api/items?page=2\".";
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return new(nameof(Path), $"'{path}' must start with '/'; a scheme or host is not allowed.", Fix);
        }
        // "//host/x" and "/\host" are scheme-relative: they would name another host.
        if (path.StartsWith("//", StringComparison.Ordinal) || path.Contains('\\'))
        {
            return new(nameof(Path), $"'{path}' names a host or scheme.", Fix);
        }
        if (path.Length > MaxPathLength || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || path.Contains('#'))
        {
            return new(nameof(Path), $"must be at most {MaxPathLength} characters without spaces, control characters or '#'.", "Percent-encode spaces (%20); drop the fragment.");
        }
        return null;
    }

    /// <summary>
    /// The environment and the absolute URL this spec hits: the chosen front end's (or server's) scheme, host and port
    /// with <see cref="Path"/> (or the environment's load path). Null with problems reported when the environment,
    /// target or path is not valid.
    /// </summary>
    private ResolvedTarget? ResolveTarget(EnvironmentCatalog catalog, Action<string, string, string> add)
    {
        var environment = string.IsNullOrWhiteSpace(Environment) ? null : catalog.Find(Environment);
        if (environment is null)
        {
            var known = $"Use one of: {string.Join(", ", catalog.All.Select(e => e.Name))}.";
            add(nameof(Environment), string.IsNullOrWhiteSpace(Environment) ? "is missing." : $"'{Environment}' is not a configured environment.", known);
        }
        var baseUrl = environment is null ? null : Target switch
        {
            LoadTestTarget.FrontEnd => ResolveFrontEnd(environment, add),
            LoadTestTarget.Server => ResolveServer(environment, add),
            _ => NotATarget(add),
        };
        // No path of its own: the environment's (valid by the configuration's check at start, checked again here).
        var path = Path ?? environment?.LoadPath;
        if (path is not null && PathProblem(path) is { } problem)
        {
            add(problem.Field, problem.Problem, Path is null ? $"Fix {environment!.Name}'s LoadPath in the configuration, or give a Path." : problem.Fix);
            return null;
        }
        if (environment is null || baseUrl is null || path is null)
        {
            return null;
        }
        var url = new Uri(baseUrl, path);
        // Defence in depth: whatever the path holds, the request stays on the configured host.
        if (!string.Equals(url.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase) || url.Scheme != baseUrl.Scheme)
        {
            add(nameof(Path), $"'{path}' leads away from {baseUrl.Authority}.", "Use a path on the target, e.g. \"/\".");
            return null;
        }
        return new ResolvedTarget(environment, path, url);
    }

    /// <summary>The generator's request for this (resolved) spec against <paramref name="url"/>.</summary>
    private LoadTestRequest ToRequest(Uri url, HttpMethod method) => new()
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
        InFlightCapPerClient = InFlightCapPerClient ?? new LoadTestRequest { Target = url }.InFlightCapPerClient,
    };

    private Uri? ResolveFrontEnd(EnvironmentOptions environment, Action<string, string, string> add)
    {
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

    private Uri? NotATarget(Action<string, string, string> add)
    {
        add(nameof(Target), $"{(int)Target} is not a target.", "Use FrontEnd or Server.");
        return null;
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

    /// <summary>Where a valid spec sends: its environment as configured, the path used and the absolute URL.</summary>
    private sealed record ResolvedTarget(EnvironmentOptions Environment, string Path, Uri Url);
}
