namespace BlueGreen.Core.References;

/// <summary>
/// Paper 000 (<c>seeds/000_37ade39d70aa0244.txt</c>, Indonesian): blue-green with HAProxy on two servers, QoS measured
/// with httperf from two clients before, during and after an update. Its figures are not in the text, so it ships
/// what the prose reports (<c>paper-000-results.csv</c>): ranges, a few single values and TIPHON grades per span of
/// scenarios, each with its sentence; and the test design of section 2.4 (Tabel 1, repetitions). Read once, immutable.
/// </summary>
public static class Paper000Data
{
    /// <summary>Tabel 1: scenarios 1..8 at 100..450 requests/s per client (steps of 50), 2 clients, 5000 requests.</summary>
    public static IReadOnlyList<Paper000Scenario> Scenarios { get; } =
        [.. Enumerable.Range(1, 8).Select(n => new Paper000Scenario { Number = n, RatePerClient = 50 + 50 * n, Clients = 2, TotalRequests = 5000 })];

    /// <summary>
    /// Repetitions per scenario (section 2.4): 5 before and after the update, 3 during it ("dikarenakan pada proses
    /// update aplikasi terbatasi"). The paper's total of 120 tests per client would be 8 × 15, not the 8 × 13 these give.
    /// </summary>
    public static int Repetitions(Paper000Condition condition) => condition == Paper000Condition.During ? 3 : 5;

    private static readonly Lazy<IReadOnlyList<Paper000Finding>> s_findings = new(() => ReferenceCsv.ReadResource("paper-000-results.csv", reader => new Paper000Finding
    {
        Section = ReferenceCsv.Text(reader, "Section"),
        Condition = ReferenceCsv.Enum<Paper000Condition>(reader, "Condition"),
        FirstScenario = ReferenceCsv.IntegerOrNull(reader, "FirstScenario") ?? throw new FormatException($"Row {reader.RowNumber}: FirstScenario is required."),
        LastScenario = ReferenceCsv.IntegerOrNull(reader, "LastScenario") ?? throw new FormatException($"Row {reader.RowNumber}: LastScenario is required."),
        Client = ReferenceCsv.IntegerOrNull(reader, "Client"),
        Parameter = ReferenceCsv.Enum<Paper000Parameter>(reader, "Parameter"),
        Low = ReferenceCsv.NumberOrNull(reader, "Low"),
        High = ReferenceCsv.NumberOrNull(reader, "High"),
        Unit = ReferenceCsv.Text(reader, "Unit"),
        TiphonIndex = ReferenceCsv.IntegerOrNull(reader, "TiphonIndex"),
        Category = ReferenceCsv.TextOrNull(reader, "Category"),
        Printed = ReferenceCsv.Text(reader, "Printed"),
        Quote = ReferenceCsv.Text(reader, "Quote"),
        English = ReferenceCsv.Text(reader, "English"),
    }).AsReadOnly());

    /// <summary>Every statement of section 3, in the paper's order.</summary>
    public static IReadOnlyList<Paper000Finding> Findings => s_findings.Value;

    /// <summary>What the paper says about one scenario in one condition (for one client, or both), for one parameter or all.</summary>
    public static IEnumerable<Paper000Finding> For(Paper000Condition condition, int scenario, Paper000Parameter? parameter = null, int? client = null) =>
        Findings.Where(f => f.Condition == condition && f.Covers(scenario, client) && (parameter is null || f.Parameter == parameter));
}
