using BlueGreen.Core.LoadTesting.Statistics;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace BlueGreen.Tests.LoadTesting.Statistics;

public sealed class EncodedHistogramTests
{
    [Fact]
    public void Encode_ThenDecode_KeepsCountsAndPercentiles()
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        for (var us = 1_000; us <= 100_000; us += 1_000)
        {
            histogram.RecordValue(us);
        }

        var encoded = EncodedHistogram.Encode(histogram);
        var decoded = encoded.Decode();

        Assert.Equal(100, decoded.TotalCount);
        Assert.Equal(histogram.GetValueAtPercentile(99), decoded.GetValueAtPercentile(99));
        Assert.Equal(encoded, EncodedHistogram.Encode(decoded)); // value equality, stable encoding
        Assert.InRange(encoded.CompressedBase64.Length, 1, 2_000);
        Assert.Equal(50.5, encoded.ToStats()!.MeanMs, 0.1);
    }

    [Fact]
    public void Encode_Empty_IsEmptyStringAndDecodesToEmpty()
    {
        var encoded = EncodedHistogram.Encode(new LongHistogram(1, 3_600_000_000, 3));

        Assert.Same(EncodedHistogram.Empty, encoded);
        Assert.Equal(0, encoded.Decode().TotalCount);
        Assert.Null(encoded.ToStats());
    }

    public static TheoryData<string> Shapes => ["one", "spread", "wide", "huge-counts", "top-of-range", "dense"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Encode_IsByteForByteTheLibrarysCompressedV2(string shape)
    {
        var histogram = Build(shape);

        var encoded = EncodedHistogram.Encode(histogram);

        Assert.Equal(Convert.ToBase64String(LibraryEncode(histogram)), encoded.CompressedBase64);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Encode_DecodesWithHdrHistogramsOwnDecoder_ToTheSameCounts(string shape)
    {
        var histogram = Build(shape);

        var encoded = EncodedHistogram.Encode(histogram);
        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(
            ByteBuffer.Allocate(Convert.FromBase64String(encoded.CompressedBase64)), 0);

        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        Assert.Equal(histogram.HighestTrackableValue, decoded.HighestTrackableValue);
        Assert.Equal(histogram.NumberOfSignificantValueDigits, decoded.NumberOfSignificantValueDigits);
        Assert.Equal(Counts(histogram), Counts(decoded));
    }

    [Fact]
    public void Encode_Repeated_AllocatesLittleMoreThanTheString()
    {
        var histogram = Build("spread");
        EncodedHistogram.Encode(histogram); // per-thread buffers are created on first use

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            EncodedHistogram.Encode(histogram);
        }
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;

        // The library's own encoder allocates ~450 KB per call for this shape.
        Assert.InRange(perCall, 0, 16 * 1024);
    }

    private static LongHistogram Build(string shape)
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        switch (shape)
        {
            case "one":
                histogram.RecordValue(1);
                break;
            case "spread":
                for (var us = 1_000; us <= 100_000; us += 1_000)
                {
                    histogram.RecordValue(us);
                }
                break;
            case "wide":
                for (var us = 1L; us < 3_000_000_000; us *= 3)
                {
                    histogram.RecordValueWithCount(us, us % 7 + 1);
                }
                break;
            case "huge-counts":
                histogram.RecordValueWithCount(700, long.MaxValue / 4);
                histogram.RecordValueWithCount(90_000, 123_456_789_012);
                break;
            case "top-of-range":
                histogram.RecordValue(0);
                histogram.RecordValue(3_600_000_000);
                break;
            case "dense":
                var random = new Random(42);
                for (var i = 0; i < 200_000; i++)
                {
                    histogram.RecordValue(500 + (long)(random.NextDouble() * random.NextDouble() * 2_000_000));
                }
                break;
        }
        return histogram;
    }

    private static byte[] LibraryEncode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }
        return bytes;
    }

    private static (long Value, long Count)[] Counts(HistogramBase histogram) =>
        histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToArray();

    [Fact]
    public void DenseHistogramOfALongRun_RoundTripsWhole()
    {
        // A 2-hour test's totals: 3.6 million latencies spread over 50 us .. 9 s. The library's own decoder returns
        // only part of such a histogram's inflated bytes ("The buffer does not contain the indicated payload amount").
        var random = new Random(12);
        var histogram = LatencyHistograms.Create();
        for (var i = 0; i < 3_600_000; i++)
        {
            histogram.RecordValue((long)(50 + Math.Exp(random.NextDouble() * 16)));
        }

        var decoded = EncodedHistogram.Encode(histogram).Decode();

        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        Assert.Equal(histogram.GetMaxValue(), decoded.GetMaxValue());
        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            Assert.Equal(histogram.GetValueAtPercentile(percentile), decoded.GetValueAtPercentile(percentile));
        }
    }
}
