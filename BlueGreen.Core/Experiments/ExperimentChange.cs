namespace BlueGreen.Core.Experiments;

/// <summary>One change on the experiment stream: the experiment as stored after it (immutable).</summary>
public sealed record ExperimentChange(string ExperimentId, ExperimentRecord Experiment);
