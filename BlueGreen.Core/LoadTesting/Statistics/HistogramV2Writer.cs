using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// Writes a <see cref="LongHistogram"/> in HdrHistogram's compressed V2 encoding, byte for byte what
/// <c>HistogramEncoding.EncodeIntoCompressedByteBuffer</c> writes, without its garbage: the library builds a copy
/// of the counts, an uncompressed buffer of the histogram's full size and two more copies of it (~450 KB, on the
/// large-object heap) per call. Here the counts are read in place, the uncompressed form is streamed into the
/// compressor in small pieces, and the compressed bytes land in a reused per-thread stream.
/// </summary>
/// <remarks>
/// Format: compressed cookie (0x1c849314), compressed length, then a zlib header (0x58 0x85) and a raw deflate
/// stream of the uncompressed V2 form: cookie (0x1c849313), payload length, normalizing offset 0, significant
/// digits, lowest and highest trackable value, conversion ratio 1.0 (all big-endian), and the counts up to the last
/// non-zero one as ZigZag LEB128-64b9B values, a run of zeros as its negated length. Like the library, the
/// uncompressed form is padded with zeros to <see cref="HistogramBase.GetNeededByteBufferCapacity()"/> before it is
/// deflated (the padding compresses to a few bytes), so the result is identical to the library's.
/// </remarks>
internal static class HistogramV2Writer
{
    private const int CompressedCookie = 0x1c849304 | 0x10;
    private const int UncompressedCookie = 0x1c849303 | 0x10;
    private const int HeaderBytes = 40;
    private const int ChunkBytes = 4096;

    private static readonly byte[] s_zeros = new byte[ChunkBytes];

    [ThreadStatic]
    private static MemoryStream? s_output;

    [ThreadStatic]
    private static byte[]? s_chunk;

    // The counts array of a LongHistogram, read in place (HistogramBase exposes counts only by copying them all).
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_counts")]
    private static extern ref long[] CountsOf(LongHistogram histogram);

    /// <summary>Encodes a non-empty <paramref name="histogram"/> and returns it as Base64.</summary>
    public static string ToBase64(LongHistogram histogram)
    {
        var counts = CountsOf(histogram);
        var relevant = counts.AsSpan().LastIndexOfAnyExcept(0L) + 1;
        var payload = CountsLength(counts.AsSpan(0, relevant));
        var padded = Math.Max(HeaderBytes + payload, histogram.GetNeededByteBufferCapacity());

        var output = s_output ??= new MemoryStream();
        output.SetLength(0);
        Span<byte> prefix = stackalloc byte[10];
        BinaryPrimitives.WriteInt32BigEndian(prefix, CompressedCookie);
        // prefix[4..8]: the compressed length, written below once known; then the RFC 1950 header, as the library.
        prefix[8] = 0x58;
        prefix[9] = 0x85;
        output.Write(prefix);
        using (var deflate = new DeflateStream(output, CompressionMode.Compress, leaveOpen: true))
        {
            var chunk = s_chunk ??= new byte[ChunkBytes];
            WriteHeader(chunk, histogram, payload);
            var used = HeaderBytes;
            var index = 0;
            while (index < relevant)
            {
                // Room for the longest value (9 bytes); flush before it could overflow.
                if (used > ChunkBytes - 9)
                {
                    deflate.Write(chunk, 0, used);
                    used = 0;
                }
                var count = counts[index++];
                if (count < 0)
                {
                    throw new InvalidOperationException($"Cannot encode a histogram with a negative count ({count}) at index {index - 1}.");
                }
                var value = count;
                if (count == 0)
                {
                    var zeros = 1L;
                    while (index < relevant && counts[index] == 0)
                    {
                        zeros++;
                        index++;
                    }
                    value = zeros > 1 ? -zeros : 0;
                }
                used += WriteZigZag(chunk.AsSpan(used), value);
            }
            deflate.Write(chunk, 0, used);
            for (var left = padded - HeaderBytes - payload; left > 0; left -= ChunkBytes)
            {
                deflate.Write(s_zeros, 0, Math.Min(left, ChunkBytes));
            }
        }
        var bytes = output.GetBuffer().AsSpan(0, (int)output.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], bytes.Length - 8);
        return Convert.ToBase64String(bytes);
    }

    private static void WriteHeader(Span<byte> header, HistogramBase histogram, int payload)
    {
        BinaryPrimitives.WriteInt32BigEndian(header, UncompressedCookie);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], payload);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 0); // normalizing index offset
        BinaryPrimitives.WriteInt32BigEndian(header[12..], histogram.NumberOfSignificantValueDigits);
        BinaryPrimitives.WriteInt64BigEndian(header[16..], histogram.LowestTrackableValue);
        BinaryPrimitives.WriteInt64BigEndian(header[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(header[32..], 1.0); // integer-to-double conversion ratio
    }

    // The payload's length: the same walk as the writing loop, counting bytes only.
    private static int CountsLength(ReadOnlySpan<long> counts)
    {
        var length = 0;
        var index = 0;
        while (index < counts.Length)
        {
            var value = counts[index++];
            if (value == 0)
            {
                var zeros = 1L;
                while (index < counts.Length && counts[index] == 0)
                {
                    zeros++;
                    index++;
                }
                value = zeros > 1 ? -zeros : 0;
            }
            length += ZigZagLength(value);
        }
        return length;
    }

    private static int ZigZagLength(long value)
    {
        var zigZag = (value << 1) ^ (value >> 63);
        var length = 1;
        for (var shift = 7; shift <= 56 && zigZag >> shift != 0; shift += 7)
        {
            length++;
        }
        return length;
    }

    // LEB128-64b9B: 7 bits per byte with a continuation bit, the ninth byte holding the last 8 bits whole.
    private static int WriteZigZag(Span<byte> target, long value)
    {
        var zigZag = (value << 1) ^ (value >> 63);
        for (var i = 0; i < 8; i++)
        {
            var shift = 7 * i;
            if (zigZag >> (shift + 7) == 0)
            {
                target[i] = (byte)(zigZag >> shift);
                return i + 1;
            }
            target[i] = (byte)((zigZag >> shift) | 0x80);
        }
        target[8] = (byte)(zigZag >> 56);
        return 9;
    }
}
