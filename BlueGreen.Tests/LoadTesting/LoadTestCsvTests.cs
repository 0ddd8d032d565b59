using System.Globalization;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.LoadTesting;

public sealed class LoadTestCsvTests
{
    private static string[] Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string> Row(string csv, int index)
    {
        var lines = Lines(csv);
        var names = lines[0].Split(',');
        return names.Zip(lines[index + 1].Split(',')).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void Format_Samples_HeaderThenOneRowPerSecondWithCrLf()
    {
        var csv = LoadTestCsv.Format(TestSamples.TenQuietSeconds().Take(3), []);

        var lines = Lines(csv);
        Assert.Equal(4, lines.Length);
        Assert.Equal(LoadTestCsv.Header, lines[0]);
        Assert.EndsWith("\r\n", csv);
        Assert.Equal(27, lines[0].Split(',').Length);
        Assert.All(lines, l => Assert.Equal(27, l.Split(',').Length));
        var row = Row(csv, 1);
        Assert.Equal(("1", "all", "2025-03-01T12:00:01.000Z"), (row["second"], row["client"], row["start"]));
        Assert.Equal(("100", "100", "100", "0", "0"), (row["intended"], row["sent"], row["ok"], row["failed"], row["unsent"]));
        Assert.Equal(("102400", "100", "100", "100", "819.2"), (row["bytes"], row["req_per_s"], row["ok_per_s"], row["kb_per_s"], row["kbit_per_s"]));
    }

    [Fact]
    public void Format_CommaDecimalCulture_StaysInvariant()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        try
        {
            var csv = LoadTestCsv.Format([TestSamples.Second(0, 1500, 12.5)], []);

            var row = Row(csv, 0);
            Assert.Equal("1500", row["ok"]);
            Assert.StartsWith("12.5", row["latency_mean_ms"]);
            Assert.Equal("1536000", row["bytes"]);
            Assert.Equal("12288", row["kbit_per_s"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Format_DeploymentWindow_PhaseColumnPerSecond()
    {
        var samples = TestSamples.TenQuietSeconds().Select(s => s.Second < 2 ? s with { IsWarmUp = true } : s);

        var csv = LoadTestCsv.Format(samples, [TestSamples.Started(3.5), TestSamples.Ended(6.2)]);

        var phases = Enumerable.Range(0, 10).Select(i => Row(csv, i)["phase"]);
        Assert.Equal(["warmup", "warmup", "before", "during", "during", "during", "during", "after", "after", "after"], phases);
    }

    [Fact]
    public void Format_SecondWithoutOkResponses_LatencyColumnsEmptyAndFailuresByClass()
    {
        var csv = LoadTestCsv.Format([TestSamples.Second(0, ok: 0, latencyMs: 0, http5xx: 7, unsent: 3)], []);

        var row = Row(csv, 0);
        Assert.Equal(("7", "7", "3", "10"), (row["failed"], row["failed_5xx"], row["unsent"], row["intended"]));
        Assert.Equal("", row["latency_p99_ms"]);
        Assert.Equal("", row["latency_mean_ms"]);
        Assert.DoesNotContain("NaN", csv);
    }

    [Fact]
    public void Format_PerClientRows_ClientColumnNamesEach()
    {
        var csv = LoadTestCsv.Format([TestSamples.Second(0, 200, 10), TestSamples.Second(0, 100, 10, client: 0), TestSamples.Second(0, 100, 10, client: 1)], []);

        Assert.Equal(["all", "0", "1"], Enumerable.Range(0, 3).Select(i => Row(csv, i)["client"]));
    }
}
