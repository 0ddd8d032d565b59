namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// One problem found by a validation (<see cref="LoadTestRequest.Validate"/>, or the service's spec validation): the
/// field, what is wrong, and how to fix it.
/// </summary>
/// <param name="Field">The property name on the validated type (or two names joined by '/').</param>
/// <param name="Problem">What is wrong, with the offending value.</param>
/// <param name="Fix">What to change.</param>
public sealed record LoadTestProblem(string Field, string Problem, string Fix)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Problem} Fix: {Fix}";
}
