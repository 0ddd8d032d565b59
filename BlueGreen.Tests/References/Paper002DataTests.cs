using BlueGreen.Core.References;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.References;

/// <summary>The transcription of paper 002's Appendix 1, checked against the paper's text and against itself.</summary>
public sealed class Paper002DataTests
{
    [Fact]
    public void Appendix_HasNineTablesOfTenRunsAndAnAverage()
    {
        Assert.Equal(99, Paper002Data.Appendix.Count);
        Assert.Equal(90, Paper002Data.Runs.Count());
        foreach (var table in Paper002Data.Appendix.GroupBy(r => r.Table))
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(n => (int?)n).Append(null), table.Select(r => r.Run));
        }
        Assert.Equal(
            ["A.1 Low None", "A.2 Low Success", "A.3 Low Fail", "A.4 Medium None", "A.5 Medium Success", "A.6 Medium Fail",
             "A.7 High None", "A.8 High Success", "A.9 High Fail"],
            Paper002Data.Averages.Select(r => $"{r.Table} {r.Level} {r.Scenario}"));
    }

    [Fact]
    public void Appendix_Cells_ReadAsPrinted()
    {
        // Spot checks typed from the paper's text: point and comma decimals, first and last rows.
        var a1 = Row("A.1", 2);
        Assert.Equal((31339, 181, 26, 805, 110.07, 2, 0.006), (a1.Samples, a1.AvgMs, a1.MinMs, a1.MaxMs, a1.ThroughputPerSecond, a1.ErrorCount, a1.ErrorRatePercent));
        Assert.Equal(0.023, Row("A.2", 1).ErrorRatePercent);      // "0,023"
        Assert.Equal(3.053, Row("A.5", 9).ErrorRatePercent);      // "3,053"
        Assert.Equal(10.23, Row("A.7", 6).ErrorRatePercent);      // "10,23"
        Assert.Equal(50, Row("A.6", 6).ThroughputPerSecond);      // "50"
        var a9 = Row("A.9", 10);
        Assert.Equal((18401, 9154, 30, 68031, 56.33, 2539, 13.798), (a9.Samples, a9.AvgMs, a9.MinMs, a9.MaxMs, a9.ThroughputPerSecond, a9.ErrorCount, a9.ErrorRatePercent));
        Assert.Null(Paper002Data.Averages.Single(r => r.Table == "A.8").ThroughputPerSecond);
    }

    [Fact]
    public void Averages_AreTheMeansOfTheRuns_ExceptThePapersSlips()
    {
        // Each table's printed "avg" row against the mean of its ten transcribed runs, to the printed precision: a
        // mistyped run shows up here. The paper's own slips are listed (see the data file's header).
        string[] slips = ["A.1 ErrorCount", "A.8 ThroughputPerSecond", "A.8 ErrorRatePercent", "A.9 ErrorRatePercent"];
        var problems = new List<string>();
        foreach (var average in Paper002Data.Averages)
        {
            var runs = Paper002Data.Runs.Where(r => r.Table == average.Table).ToList();
            Check("Samples", r => r.Samples, 0.5);
            Check("AvgMs", r => r.AvgMs, 0.5);
            Check("MinMs", r => r.MinMs, 0.5);
            Check("MaxMs", r => r.MaxMs, 0.5);
            Check("ThroughputPerSecond", r => r.ThroughputPerSecond, 0.005);
            Check("ErrorCount", r => r.ErrorCount, 0.5);
            Check("ErrorRatePercent", r => r.ErrorRatePercent, 0.0005);

            void Check(string column, Func<Paper002Row, double?> value, double printedHalfUnit)
            {
                var mean = runs.Average(r => value(r)!.Value);
                if (value(average) is not { } printed || Math.Abs(mean - printed) > printedHalfUnit + 1e-9)
                {
                    problems.Add($"{average.Table} {column}");
                }
            }
        }

        Assert.Equal(slips, problems);
    }

    [Fact]
    public void Published_HasTables41To43And51To53AsPrinted()
    {
        Assert.Equal(27, Paper002Data.Published.Count(v => v.Kind == ReferenceKind.Mean));
        Assert.Equal(18, Paper002Data.Published.Count(v => v.Kind == ReferenceKind.StudentP));
        var medium = Paper002Data.Published.Single(v => v.Source == "paper 002, Table 4.1" && v.Level == "Medium" && v.Scenario == "Success");
        Assert.Equal((0.639, "0.639 %", ResultMetric.ErrorRatePercent), (medium.Value, medium.Printed, medium.Metric));
        Assert.Equal(0.070, Paper002Data.Published.Single(v => v.Source == "paper 002, Table 5.3" && v.Level == "High" && v.Scenario == "Fail").Value);
    }

    private static Paper002Row Row(string table, int run) => Paper002Data.Runs.Single(r => r.Table == table && r.Run == run);
}
