using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.References;

/// <summary>The papers' own data run through the same statistics as an experiment, for reports to show beside ours.</summary>
public static class ReferenceReports
{
    private static readonly Lazy<MatrixReport> s_paper002 = new(() =>
        MatrixReportBuilder.Build(Paper002Data.Observations, Paper002Data.Baseline, Paper002Data.Levels, Paper002Data.Scenarios)
        with { References = Paper002Data.Published });

    /// <summary>
    /// Paper 002's Appendix 1 as a <see cref="MatrixReport"/>: levels Low, Medium, High; scenarios None, Success, Fail
    /// (baseline None); error rate, mean and maximum response time and throughput per cell and per test; with the
    /// paper's Tables 4.1-4.3 and 5.1-5.3 as <see cref="MatrixReport.References"/>. Built once; immutable.
    /// </summary>
    public static MatrixReport Paper002() => s_paper002.Value;
}
