namespace BlueGreen.Core.Deployment;

/// <summary>A deploy step failed; the message says which step, where, and why.</summary>
public sealed class DeployStepException(string message, Exception? inner = null) : Exception(message, inner);
