namespace BlueGreen.Core.Switching;

/// <summary>An environment's servers are held by someone else (a deployment, or a manual change in progress).</summary>
public sealed class EnvironmentBusyException(string environment, EnvironmentOwner? owner, string message) : Exception(message)
{
    public string Environment { get; } = environment;

    /// <summary>Who holds it; null for a manual change in progress.</summary>
    public EnvironmentOwner? Owner { get; } = owner;
}
