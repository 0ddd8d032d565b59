namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// TIPHON thresholds, defaults as in paper 000. Boundaries, exactly: delay below 150 ms is very good, 150..300 ms
/// (both included) good, above 300 up to 450 ms (included) medium, above 450 ms poor; loss 0..3 % (included) very
/// good, above 3 up to 15 % good, above 15 up to 25 % medium, above 25 % poor. So the only strict bound is the very
/// good delay one ("&lt; 150 ms"); every other bound belongs to the better class, as the paper's "&gt; 450 ms poor"
/// and "&gt; 25 % poor" say.
/// </summary>
public sealed class TiphonOptions
{
    /// <summary>Default thresholds.</summary>
    public static TiphonOptions Default { get; } = new();

    /// <summary>Delay below this (strictly) is very good. Default 150 ms.</summary>
    public double DelayVeryGoodBelowMs { get; init; } = 150;

    /// <summary>Delay up to this (included) is good. Default 300 ms.</summary>
    public double DelayGoodUpToMs { get; init; } = 300;

    /// <summary>Delay up to this (included) is medium, above it poor. Default 450 ms.</summary>
    public double DelayMediumUpToMs { get; init; } = 450;

    /// <summary>Loss up to this (included) is very good. Default 3 %.</summary>
    public double LossVeryGoodUpToPercent { get; init; } = 3;

    /// <summary>Loss up to this (included) is good. Default 15 %.</summary>
    public double LossGoodUpToPercent { get; init; } = 15;

    /// <summary>Loss up to this (included) is medium, above it poor. Default 25 %.</summary>
    public double LossMediumUpToPercent { get; init; } = 25;

    /// <summary>Every problem (thresholds must be finite, non-negative and ascending); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(problems, "Delay", [DelayVeryGoodBelowMs, DelayGoodUpToMs, DelayMediumUpToMs], "ms");
        Check(problems, "Loss", [LossVeryGoodUpToPercent, LossGoodUpToPercent, LossMediumUpToPercent], "%");
        if (LossMediumUpToPercent > 100)
        {
            problems.Add($"{nameof(LossMediumUpToPercent)} must be at most 100 % (was {LossMediumUpToPercent}).");
        }
        return problems;
    }

    private static void Check(List<string> problems, string what, double[] bounds, string unit)
    {
        if (bounds.Any(b => !double.IsFinite(b) || b < 0))
        {
            problems.Add($"{what} thresholds must be finite and non-negative (were {string.Join(", ", bounds)} {unit}).");
        }
        else if (bounds[0] > bounds[1] || bounds[1] > bounds[2])
        {
            problems.Add($"{what} thresholds must ascend: very good <= good <= medium (were {string.Join(", ", bounds)} {unit}).");
        }
    }
}
