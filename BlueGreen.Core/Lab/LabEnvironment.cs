using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Lab;

/// <summary>The lab's environment: sites A and B (Blue) and C and D (Green), one server each, on loopback,
/// as the four sites of paper 002.</summary>
public static class LabEnvironment
{
    public const string LoadBalancerName = "lab-lb";
    public const string Backend = "app";

    public static readonly IReadOnlyList<(string Site, SiteGroup Group)> Sites =
        [("A", SiteGroup.Blue), ("B", SiteGroup.Blue), ("C", SiteGroup.Green), ("D", SiteGroup.Green)];

    public static string Folder(BlueGreenOptions options) => Path.Combine(options.DataFolderPath, "lab");

    public static string SocketPath(BlueGreenOptions options) => Path.Combine(Folder(options), "haproxy.sock");

    public static EnvironmentOptions Build(BlueGreenOptions options)
    {
        var lab = options.Lab;
        return new EnvironmentOptions
        {
            Name = lab.EnvironmentName,
            Description = "Built-in lab: four sample services on loopback behind a load balancer.",
            // The sample service answers "/" with 404; "/item" is its page (and what the smoke checks read).
            LoadPath = "/item",
            LoadBalancers =
            [
                new LoadBalancerOptions
                {
                    Name = LoadBalancerName,
                    RuntimeApi = SocketPath(options),
                    Backend = Backend,
                    FrontendUrl = $"http://127.0.0.1:{lab.FrontendPort}/",
                },
            ],
            Sites = Sites.Select((site, i) => new SiteOptions
            {
                Name = site.Site,
                Group = site.Group.ToString(),
                Servers = [new ServerOptions { Name = site.Site.ToLowerInvariant() + "1", Address = $"127.0.0.1:{lab.ServerBasePort + i}" }],
            }).ToList(),
            Deployment = new DeploymentOptions
            {
                RequireApproval = lab.RequireApproval,
                RequireDistinctApprover = lab.RequireDistinctApprover,
                Steps = [new DeployStepOptions { Name = "install", Kind = DeployStepKind.Lab }],
                SmokeChecks = [new SmokeCheckOptions { Name = "items", Path = "/item" }],
                WatchDuration = lab.WatchDuration,
                DrainTimeout = TimeSpan.FromSeconds(15),
            },
        };
    }
}
