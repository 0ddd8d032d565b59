using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Environments;

/// <summary>The environments in effect: the configured ones plus the lab's, when enabled. Singleton.</summary>
public sealed class EnvironmentCatalog
{
    public EnvironmentCatalog(IOptions<BlueGreenOptions> options)
    {
        var all = new List<EnvironmentOptions>();
        if (options.Value.Lab.Enabled)
        {
            all.Add(Lab.LabEnvironment.Build(options.Value));
        }
        all.AddRange(options.Value.Environments);
        All = all;
    }

    public IReadOnlyList<EnvironmentOptions> All { get; }

    public EnvironmentOptions? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
