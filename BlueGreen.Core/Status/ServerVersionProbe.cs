using System.Text.Json;
using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Status;

/// <summary>
/// Asks each server directly (not through the load balancer) which version it serves: the <c>X-App-Version</c>
/// header of <c>GET {VersionPath}</c>, else a JSON <c>version</c> property, else a short plain-text body. It reads
/// at most <see cref="MaxBodyBytes"/> of a body: a server answering with a page or a stream is not a version.
/// </summary>
public sealed class ServerVersionProbe(HttpClient httpClient)
{
    /// <summary>A short timeout: a hung server must not delay the Overview.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>The most of a body read for a version; a longer body is not one.</summary>
    public const int MaxBodyBytes = 4096;

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
            // Headers first: the body is read only as far as a version can reach.
            using var response = await httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (response.Headers.TryGetValues("X-App-Version", out var values))
            {
                return values.FirstOrDefault();
            }
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            if (await ReadAtMostAsync(response.Content, MaxBodyBytes, cts.Token).ConfigureAwait(false) is not { } text)
            {
                return null;
            }
            var body = text.Trim();
            if (body.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
            }
            return body.Length is > 0 and <= 64 ? body : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            return null;
        }
    }

    /// <summary>The body as UTF-8 text if it has at most <paramref name="max"/> bytes; null (and the rest unread) if longer.</summary>
    private static async Task<string?> ReadAtMostAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[max + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return total > max ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }
}
