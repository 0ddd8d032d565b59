using System.Diagnostics.CodeAnalysis;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A <see cref="LoadTestSpec"/> checked against the configuration (<see cref="LoadTestSpec.Validate"/>): every problem
/// it has, or, when it has none, what runs.
/// </summary>
public sealed class LoadTestValidation
{
    /// <summary>
    /// Every problem (empty when the spec can run), each naming the <see cref="LoadTestProblem.Field"/> (a property of
    /// <see cref="LoadTestSpec"/>, or two joined by '/'), what is wrong and the fix.
    /// </summary>
    public required IReadOnlyList<LoadTestProblem> Problems { get; init; }

    /// <summary>
    /// The spec as it runs and is stored: the environment's configured name, and the path used (the environment's
    /// load path when the spec named none). Null when there are problems.
    /// </summary>
    public LoadTestSpec? Spec { get; init; }

    /// <summary>The generator's request: the resolved absolute URL and the load. Null when there are problems.</summary>
    public LoadTestRequest? Request { get; init; }

    /// <summary>Length of the schedule from second 0 (warm-up and ramp included), in seconds; 0 when there are problems.</summary>
    public double PlannedSeconds { get; init; }

    /// <summary>True when there are no problems (then <see cref="Spec"/> and <see cref="Request"/> are set).</summary>
    [MemberNotNullWhen(true, nameof(Spec), nameof(Request))]
    public bool IsValid => Problems.Count == 0;
}
