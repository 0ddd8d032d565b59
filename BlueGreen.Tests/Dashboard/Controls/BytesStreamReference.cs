using Microsoft.JSInterop;

namespace BlueGreen.Tests.Dashboard.Controls;

/// <summary>What the chart module's <c>exportPng</c> / <c>exportSvg</c> return to .NET, with bytes chosen by the test.</summary>
internal sealed class BytesStreamReference(byte[] bytes) : IJSStreamReference
{
    public long Length => bytes.Length;

    public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
        => bytes.Length > maxAllowedSize
            ? throw new ArgumentOutOfRangeException(nameof(maxAllowedSize))
            : ValueTask.FromResult<Stream>(new MemoryStream(bytes));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
