using BlueGreen.Core.LoadTesting;
using HdrHistogram;

namespace BlueGreen.Tests.LoadTesting;

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
}
