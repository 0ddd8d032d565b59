namespace BlueGreen.Core.Experiments;

/// <summary>One problem of an experiment definition: the field (as in the JSON body, e.g. <c>levels[0].ratePerClient</c>), what is wrong, the fix.</summary>
public sealed record ExperimentProblem(string Field, string Problem, string Fix)
{
    public override string ToString() => $"{Field}: {Problem} {Fix}";
}
