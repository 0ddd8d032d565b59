namespace BlueGreen.Core.Retention;

/// <summary>What one retention pass deleted.</summary>
public sealed record RetentionResult(int Deployments, int LoadTests, int KeptForExperiments);
