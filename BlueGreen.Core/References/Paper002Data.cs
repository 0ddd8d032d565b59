using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.References;

/// <summary>
/// Paper 002 (<c>seeds/002_ce1f489797269b8e.txt</c>): a blue-green deployment over four sites measured with JMeter at
/// three traffic levels × three deployment scenarios, 10 runs each. Ships its Appendix 1 per-run values
/// (<c>paper-002-appendix.csv</c>, transcribed as printed, decimal commas kept) and the values it published from them,
/// Tables 4.1-4.3 (means) and 5.1-5.3 (Student p-values against no deployment) (<c>paper-002-published.csv</c>).
/// Read once, immutable.
/// </summary>
public static class Paper002Data
{
    public const string Baseline = "None";
    public static IReadOnlyList<string> Levels { get; } = ["Low", "Medium", "High"];
    public static IReadOnlyList<string> Scenarios { get; } = ["None", "Success", "Fail"];

    /// <summary>The metrics the appendix gives per run (its sample and error counts are not compared).</summary>
    public static IReadOnlyList<ResultMetric> Metrics { get; } =
        [ResultMetric.ErrorRatePercent, ResultMetric.MeanMs, ResultMetric.MaxMs, ResultMetric.ThroughputPerSecond];

    private static readonly Lazy<IReadOnlyList<Paper002Row>> s_appendix = new(() => ReferenceCsv.ReadResource("paper-002-appendix.csv", reader => new Paper002Row
    {
        Table = ReferenceCsv.Text(reader, "Table"),
        Level = ReferenceCsv.Text(reader, "Level"),
        Scenario = ReferenceCsv.Text(reader, "Scenario"),
        Run = ReferenceCsv.Text(reader, "Run") == "avg" ? null : ReferenceCsv.IntegerOrNull(reader, "Run"),
        Samples = ReferenceCsv.Number(reader, "Samples"),
        AvgMs = ReferenceCsv.Number(reader, "AvgMs"),
        MinMs = ReferenceCsv.Number(reader, "MinMs"),
        MaxMs = ReferenceCsv.Number(reader, "MaxMs"),
        ThroughputPerSecond = ReferenceCsv.NumberOrNull(reader, "ThroughputPerSecond"),
        ErrorCount = ReferenceCsv.Number(reader, "ErrorCount"),
        ErrorRatePercent = ReferenceCsv.Number(reader, "ErrorRatePercent"),
    }).AsReadOnly());

    private static readonly Lazy<IReadOnlyList<ReferenceValue>> s_published = new(() => ReferenceCsv.ReadResource("paper-002-published.csv", reader =>
    {
        var printed = ReferenceCsv.Text(reader, "Printed");
        return new ReferenceValue
        {
            Source = "paper 002, Table " + ReferenceCsv.Text(reader, "Table"),
            Kind = ReferenceCsv.Enum<ReferenceKind>(reader, "Kind"),
            Level = ReferenceCsv.Text(reader, "Level"),
            Scenario = ReferenceCsv.Text(reader, "Scenario"),
            Metric = ReferenceCsv.Enum<ResultMetric>(reader, "Metric"),
            Value = DecimalText.Parse(printed.Replace("%", "", StringComparison.Ordinal)),
            Printed = printed,
        };
    }).AsReadOnly());

    /// <summary>Every row of Tables A.1-A.9 in the paper's order: 10 runs then the "avg" row, per table.</summary>
    public static IReadOnlyList<Paper002Row> Appendix => s_appendix.Value;

    /// <summary>The 90 runs (rows with a run number).</summary>
    public static IEnumerable<Paper002Row> Runs => Appendix.Where(r => r.Run is not null);

    /// <summary>The nine "avg" rows as printed (see the data file's header for the ones that are not the runs' mean).</summary>
    public static IEnumerable<Paper002Row> Averages => Appendix.Where(r => r.Run is null);

    /// <summary>Tables 4.1-4.3 (<see cref="ReferenceKind.Mean"/>) and 5.1-5.3 (<see cref="ReferenceKind.StudentP"/>) as printed.</summary>
    public static IReadOnlyList<ReferenceValue> Published => s_published.Value;

    /// <summary>The runs as the report builder takes them: one observation per run, its four <see cref="Metrics"/>.</summary>
    public static IEnumerable<Observation> Observations => Runs.Select(r => new Observation
    {
        Level = r.Level,
        Scenario = r.Scenario,
        Repetition = r.Run!.Value,
        Values = new Dictionary<ResultMetric, double>
        {
            [ResultMetric.ErrorRatePercent] = r.ErrorRatePercent,
            [ResultMetric.MeanMs] = r.AvgMs,
            [ResultMetric.MaxMs] = r.MaxMs,
            // Every run has a throughput; only an avg row may leave it blank.
            [ResultMetric.ThroughputPerSecond] = r.ThroughputPerSecond!.Value,
        }.AsReadOnly(),
    });
}
