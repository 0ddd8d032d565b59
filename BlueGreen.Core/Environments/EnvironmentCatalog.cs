namespace BlueGreen.Core.Environments;

/// <summary>
/// The environments in effect (the configured ones, plus the lab's when it is enabled: the composition root decides).
/// Singleton.
/// </summary>
public sealed class EnvironmentCatalog(IEnumerable<EnvironmentOptions> environments)
{
    public IReadOnlyList<EnvironmentOptions> All { get; } = [.. environments];

    public EnvironmentOptions? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
