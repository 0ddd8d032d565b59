using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary><see cref="LoadTotals"/> as stored: counts and the merged histograms (the statistics are read back from them).</summary>
public sealed class LoadTotalsDocument : LoadCountsDocument
{
    public int Seconds { get; set; }

    /// <summary>Copies <paramref name="totals"/>.</summary>
    public static LoadTotalsDocument From(LoadTotals totals)
    {
        var document = new LoadTotalsDocument { Seconds = totals.Seconds };
        document.CopyFrom(totals);
        return document;
    }

    /// <summary>The totals, with latency statistics decoded from the histograms.</summary>
    public LoadTotals ToTotals() => new(ReadCounts()) { Seconds = Seconds };
}
