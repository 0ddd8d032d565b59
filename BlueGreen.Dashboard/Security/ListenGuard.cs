using System.Net;
using BlueGreen.Core;
using BlueGreen.Core.Security;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// Start-up checks of how the dashboard is exposed: it refuses to listen beyond loopback when nobody could sign in
/// but through the console link (no user, no identity provider, no token), and warns about a HAProxy runtime API on a
/// non-loopback TCP address and host names that do not match the addresses it listens on.
/// </summary>
public static class ListenGuard
{
    /// <summary>The host names served when <c>AllowedHosts</c> is not set (DNS rebinding: nothing else).</summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The addresses the dashboard is told to listen on: <c>urls</c> (and <c>--urls</c>), <c>http_ports</c> /
    /// <c>https_ports</c> (all interfaces) and Kestrel endpoints.</summary>
    public static IReadOnlyList<string> Addresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var list = new List<string>();
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
        {
            list.AddRange((configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        foreach (var key in new[] { "http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            list.AddRange((configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }
        list.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return [.. list.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1.</summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        string host;
        if (rest.StartsWith('['))
        {
            host = rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))];
        }
        else
        {
            host = rest.Split(':', '/')[0];
        }
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Why the dashboard must not start as configured, or null.</summary>
    public static string? Refusal(IReadOnlyList<string> addresses, AuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(auth);
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count == 0 || auth.HasSignIn || auth.Tokens.Count > 0)
        {
            return null;
        }
        return $"it would listen on {string.Join(", ", exposed)}, beyond this machine, and nobody is configured to sign in. " +
               "Configure BlueGreen:Auth:Users (hashes from 'dotnet run --project BlueGreen.Dashboard -- hash-password'), " +
               "BlueGreen:Auth:OpenIdConnect, or BlueGreen:Auth:Tokens (from '-- token new'); or listen on 127.0.0.1 only " +
               "(--urls http://127.0.0.1:5080). See docs/security.md.";
    }

    /// <summary>Warnings for the operator at start (each one line, with what to do).</summary>
    public static IEnumerable<string> Warnings(IReadOnlyList<string> addresses, BlueGreenOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var environment in options.Environments)
        {
            foreach (var lb in environment.LoadBalancers)
            {
                if (lb.RuntimeApi.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(lb.RuntimeApi))
                {
                    yield return $"{environment.Name}/{lb.Name}: the HAProxy runtime API {lb.RuntimeApi} is on the network. It has no " +
                                 "authentication: anyone who reaches it can take servers out or in. Bind it to a Unix socket or 127.0.0.1 " +
                                 "and reach it over SSH, or firewall it to this host (docs/security.md).";
                }
            }
        }
        var hosts = configuration["AllowedHosts"] ?? "";
        if (addresses.Any(a => !IsLoopback(a)) && hosts.Split(';').All(h => h.Length == 0 || LoopbackHosts.Contains(h)))
        {
            yield return $"The dashboard listens beyond loopback but AllowedHosts is '{hosts}': browsers that use this host's name are refused (400). " +
                         "Set AllowedHosts to the names users type, e.g. \"bluegreen.example.org\" (never \"*\": see docs/security.md).";
        }
    }
}
