using System.Text.Json;
using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Status;

/// <summary>
/// Asks each server directly (not through the load balancer) which version it serves: the <c>X-App-Version</c>
/// header of <c>GET {VersionPath}</c>, else a JSON <c>version</c> property, else a short plain-text body.
/// </summary>
public sealed class ServerVersionProbe(HttpClient httpClient)
{
    /// <summary>A short timeout: a hung server must not delay the Overview.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyDictionary<string, string?>> ReadVersionsAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var servers = environment.Sites.SelectMany(s => s.Servers).ToList();
        var versions = await Task.WhenAll(servers.Select(s => ReadVersionAsync(s.BaseUrl + environment.VersionPath, cancellationToken))).ConfigureAwait(false);
        return servers.Select((s, i) => (s.Name, versions[i])).ToDictionary(x => x.Name, x => x.Item2, StringComparer.Ordinal);
    }

    public async Task<string?> ReadVersionAsync(string url, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            using var response = await httpClient.GetAsync(url, cts.Token).ConfigureAwait(false);
            if (response.Headers.TryGetValues("X-App-Version", out var values))
            {
                return values.FirstOrDefault();
            }
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            var body = (await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false)).Trim();
            if (body.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
            }
            return body.Length is > 0 and <= 64 ? body : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            return null;
        }
    }
}
