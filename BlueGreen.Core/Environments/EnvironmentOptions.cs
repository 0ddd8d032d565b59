namespace BlueGreen.Core.Environments;

/// <summary>One deployable system: its load balancers and its sites.</summary>
public sealed class EnvironmentOptions
{
    /// <summary>Short name used in URLs and the API (letters, digits, '-', '_').</summary>
    public string Name { get; set; } = "";

    /// <summary>Free text shown on the Overview.</summary>
    public string? Description { get; set; }

    /// <summary>Path on each server that returns the version it serves (the <c>X-App-Version</c> header wins, else the body).</summary>
    public string VersionPath { get; set; } = "/version";

    /// <summary>
    /// Path (and query) a load test sends to when it names none. Default "/": every service answers something there,
    /// but not always 200; set the path of a page the service serves (the lab: "/item").
    /// </summary>
    public string LoadPath { get; set; } = "/";

    public List<LoadBalancerOptions> LoadBalancers { get; set; } = [];

    public List<SiteOptions> Sites { get; set; } = [];

    /// <summary>How releases reach this environment.</summary>
    public DeploymentOptions Deployment { get; set; } = new();
}
