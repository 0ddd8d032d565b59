using System.Globalization;
using System.Text;
using Microsoft.JSInterop;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>
/// The charts' one export path, shared by <see cref="LiveChart"/> and <see cref="FigureChart"/>: the chart module draws
/// the PNG or SVG in the browser (<c>exportPng</c>, <c>exportSvg</c>), the bytes come back as a stream (a base64
/// string would exceed SignalR's message limit) and go out again as a file download (<c>downloadFile</c>).
/// </summary>
internal static class ChartExport
{
    /// <summary>The largest PNG or SVG export read back from the browser.</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    /// <summary>The bytes of chart <paramref name="chartId"/> drawn by <paramref name="verb"/> (<c>exportPng</c> or
    /// <c>exportSvg</c>), with <paramref name="caption"/>'s lines under the chart when given.</summary>
    public static async Task<byte[]> ReadAsync(IJSObjectReference module, string verb, int chartId, CancellationToken cancellationToken, IReadOnlyList<string>? caption = null)
    {
        object?[] arguments = verb == "exportPng" ? [chartId, null, caption] : [chartId, caption];
        var reference = await module.InvokeAsync<IJSStreamReference>(verb, cancellationToken, arguments);
        await using (reference)
        {
            await using var stream = await reference.OpenReadStreamAsync(MaxBytes, cancellationToken);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken);
            return bytes.ToArray();
        }
    }

    /// <summary>Saves <paramref name="bytes"/> as a download named <paramref name="fileName"/> in the browser.</summary>
    public static async Task SaveAsync(IJSObjectReference module, string fileName, string contentType, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new DotNetStreamReference(new MemoryStream(bytes));
        await module.InvokeVoidAsync("downloadFile", cancellationToken, fileName, contentType, content);
    }

    /// <summary>Lower-case letters and digits, anything else one dash: a file name's part (<c>Error rate, Low</c> → <c>error-rate-low</c>).</summary>
    public static string Slug(string? text)
    {
        var slug = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().Trim('-');
    }

    /// <summary>A UTC timestamp for a file name: <c>20261205-100000</c>.</summary>
    public static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
}
