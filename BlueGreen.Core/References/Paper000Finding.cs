namespace BlueGreen.Core.References;

/// <summary>
/// One statement of paper 000's results (section 3): a parameter's value, range or TIPHON grade over a span of
/// scenarios in one condition, for both clients or one. <see cref="Low"/> and <see cref="High"/> are the printed
/// bounds: equal for a single value (9.22 ms), both set for a range (3.44 % to 21.568 %), one null for an open side
/// (more than 1000 ms: Low 1000). Whether a bound is strict reads from <see cref="Printed"/>.
/// </summary>
public sealed record Paper000Finding
{
    /// <summary>Where it is: the paragraph of section 3 that follows the named figures.</summary>
    public required string Section { get; init; }
    public required Paper000Condition Condition { get; init; }
    public required int FirstScenario { get; init; }
    public required int LastScenario { get; init; }

    /// <summary>The client it is about, or null for both (the paper averages the two).</summary>
    public int? Client { get; init; }

    public required Paper000Parameter Parameter { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }

    /// <summary><c>ms</c>, <c>%</c> or <c>KB/s</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>The TIPHON index (1 = very good .. 4 = poor) where the paper prints one.</summary>
    public int? TiphonIndex { get; init; }

    /// <summary>The paper's grade word: <c>sangat baik</c>, <c>baik</c>, <c>sedang</c> or <c>buruk</c>; null for a plain value.</summary>
    public string? Category { get; init; }

    /// <summary>The index of <see cref="Category"/> as TIPHON numbers its categories (sangat baik 1 .. buruk 4), printed or not.</summary>
    public int? CategoryIndex => Category switch
    {
        "sangat baik" => 1,
        "baik" => 2,
        "sedang" => 3,
        "buruk" => 4,
        _ => null,
    };

    /// <summary>The value as printed, e.g. <c>3,44% hingga 21,568%</c> or <c>indeks 1, &lt;150 ms</c>.</summary>
    public required string Printed { get; init; }

    /// <summary>The sentence it comes from, verbatim (Indonesian).</summary>
    public required string Quote { get; init; }

    /// <summary>That sentence in English.</summary>
    public required string English { get; init; }

    /// <summary>Whether this statement covers a scenario (and client; null matches the statements about both).</summary>
    public bool Covers(int scenario, int? client = null) =>
        scenario >= FirstScenario && scenario <= LastScenario && (Client is null || client is null || Client == client);
}
