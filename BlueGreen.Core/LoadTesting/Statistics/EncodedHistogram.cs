using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// An HdrHistogram in its standard compressed encoding (V2, deflated), as Base64: immutable, compares by value, and
/// stores as a plain string. Values are microseconds, 1 us .. 1 h, 3 significant digits; any two can be added.
/// An empty histogram is stored as an empty string.
/// </summary>
/// <param name="CompressedBase64">The Base64 text; empty for an empty histogram.</param>
public sealed record EncodedHistogram(string CompressedBase64)
{
    // The library's encoder needs a buffer of the histogram's full uncompressed size (~190 KB); reuse one per
    // thread for the histogram types that HistogramV2Writer does not read in place.
    [ThreadStatic]
    private static ByteBuffer? s_buffer;

    /// <summary>The empty histogram.</summary>
    public static EncodedHistogram Empty { get; } = new(string.Empty);

    /// <summary>Encodes <paramref name="histogram"/>.</summary>
    public static EncodedHistogram Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }
        if (histogram is LongHistogram longHistogram)
        {
            // Every histogram the generator encodes (per second, per client, per run): no garbage but the string.
            return new EncodedHistogram(HistogramV2Writer.ToBase64(longHistogram));
        }
        var needed = histogram.GetNeededByteBufferCapacity();
        if (s_buffer is null || s_buffer.Capacity() < needed)
        {
            s_buffer = ByteBuffer.Allocate(needed);
        }
        var buffer = s_buffer;
        buffer.Position = 0;
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // ByteBuffer does not expose its array; the compressed form is small (hundreds of bytes), so copy it out.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }
        return new EncodedHistogram(Convert.ToBase64String(bytes));
    }

    /// <summary>Decodes into a new mutable histogram (microseconds).</summary>
    public HistogramBase Decode()
    {
        if (CompressedBase64.Length == 0)
        {
            return LatencyHistograms.Create();
        }
        // Inflated here, to its end: the library's DecodeFromCompressedByteBuffer takes what one Read of its inflater
        // returns, which for a dense histogram (a long test's totals: a million requests spread over the range) is
        // only part of it, and it then fails with "The buffer does not contain the indicated payload amount".
        var compressed = Convert.FromBase64String(CompressedBase64);
        if (compressed.Length < CompressedPrefixBytes)
        {
            throw new InvalidDataException($"A stored latency histogram is {compressed.Length} bytes, shorter than its header.");
        }
        using var inflated = new MemoryStream();
        using (var inflater = new DeflateStream(new MemoryStream(compressed, CompressedPrefixBytes, compressed.Length - CompressedPrefixBytes), CompressionMode.Decompress))
        {
            inflater.CopyTo(inflated);
        }
        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(inflated.ToArray()), LatencyHistograms.HighestMicroseconds, null);
    }

    // The compressed V2 form: cookie (4 bytes), compressed length (4), zlib header (2), then the raw deflate stream.
    private const int CompressedPrefixBytes = 10;

    /// <summary>Summary statistics in milliseconds; null when empty.</summary>
    public LatencyStats? ToStats() => CompressedBase64.Length == 0 ? null : LatencyStats.From(Decode());
}
