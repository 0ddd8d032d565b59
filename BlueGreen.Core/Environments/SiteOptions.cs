namespace BlueGreen.Core.Environments;

/// <summary>A place that runs app servers; belongs to one group.</summary>
public sealed class SiteOptions
{
    public string Name { get; set; } = "";

    /// <summary><c>Blue</c> or <c>Green</c>. Kept as text so validation can name a wrong value.</summary>
    public string Group { get; set; } = "";

    public List<ServerOptions> Servers { get; set; } = [];

    public SiteGroup ParsedGroup => Enum.Parse<SiteGroup>(Group, ignoreCase: true);
}
