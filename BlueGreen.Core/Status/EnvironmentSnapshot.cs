using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Status;

/// <summary>
/// An environment as it was at one moment, for a report to say what a measurement ran against: which group was
/// live, each load balancer and each server's state, weight and version as the load balancers and servers reported
/// them, and the deployment settings in force. Only names, addresses and settings: no credential, no step command
/// (commands may carry secrets), nothing from SSH. Immutable.
/// </summary>
public sealed record EnvironmentSnapshot
{
    public required string Environment { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    /// <summary>When the status it was taken from was read (the status poller's last reading).</summary>
    public DateTimeOffset? StatusReadAt { get; init; }
    public required LiveGroup LiveGroup { get; init; }
    public required IReadOnlyList<LoadBalancerSnapshot> LoadBalancers { get; init; }
    public required IReadOnlyList<ServerSnapshot> Servers { get; init; }
    public required SettingsSnapshot Settings { get; init; }

    /// <summary>The snapshot of <paramref name="environment"/> from its last status reading (servers without one are listed
    /// from configuration with no state).</summary>
    public static EnvironmentSnapshot Of(EnvironmentOptions environment, EnvironmentStatus? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var servers = environment.Sites.SelectMany(site => site.Servers.Select(server => (site, server))).Select(pair =>
        {
            var read = status?.Servers.FirstOrDefault(s => s.Name == pair.server.Name);
            return new ServerSnapshot
            {
                Name = pair.server.Name,
                Site = pair.site.Name,
                Group = pair.site.ParsedGroup.ToString(),
                Address = pair.server.Address,
                Version = read?.Version,
                States = read is null ? [] : [.. read.ByLoadBalancer.Select(kv => new ServerStateSnapshot
                {
                    LoadBalancer = kv.Key,
                    Admin = kv.Value.Admin,
                    Operational = kv.Value.Operational,
                    Weight = kv.Value.Weight,
                    CheckStatus = kv.Value.CheckStatus,
                })],
            };
        }).ToList();
        var deployment = environment.Deployment;
        return new EnvironmentSnapshot
        {
            Environment = environment.Name,
            TakenAt = now,
            StatusReadAt = status?.UpdatedAt,
            LiveGroup = status?.LiveGroup ?? LiveGroup.Unknown,
            LoadBalancers = [.. environment.LoadBalancers.Select(lb =>
            {
                var read = status?.LoadBalancers.FirstOrDefault(s => s.Name == lb.Name);
                return new LoadBalancerSnapshot
                {
                    Name = lb.Name,
                    Kind = read?.Kind,
                    RuntimeApi = lb.RuntimeApi,
                    Backend = lb.Backend,
                    FrontendUrl = lb.FrontendUrl,
                    Reachable = read?.Reachable,
                    LiveGroup = read?.LiveGroup ?? LiveGroup.Unknown,
                };
            })],
            Servers = servers,
            Settings = new SettingsSnapshot
            {
                Strategy = deployment.Strategy,
                RequireApproval = deployment.RequireApproval,
                Steps = [.. deployment.Steps.Select(s => s.Name)],
                SmokeChecks = [.. deployment.SmokeChecks.Select(s => s.Path)],
                SmokeAttempts = deployment.SmokeAttempts,
                DrainTimeout = deployment.DrainTimeout,
                DrainEscalation = deployment.DrainEscalation,
                WatchDuration = deployment.WatchDuration,
                WatchMaxErrors = deployment.WatchMaxErrors,
                LoadPath = environment.LoadPath,
                VersionPath = environment.VersionPath,
            },
        };
    }
}

public sealed record LoadBalancerSnapshot
{
    public required string Name { get; init; }
    /// <summary>"HAProxy" or "Embedded proxy"; null when it was never read.</summary>
    public string? Kind { get; init; }
    public required string RuntimeApi { get; init; }
    public required string Backend { get; init; }
    public required string FrontendUrl { get; init; }
    public bool? Reachable { get; init; }
    public LiveGroup LiveGroup { get; init; }
}

public sealed record ServerSnapshot
{
    public required string Name { get; init; }
    public required string Site { get; init; }
    public required string Group { get; init; }
    public required string Address { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<ServerStateSnapshot> States { get; init; } = [];
}

public sealed record ServerStateSnapshot
{
    public required string LoadBalancer { get; init; }
    public required AdminState Admin { get; init; }
    public required OperationalState Operational { get; init; }
    public int Weight { get; init; }
    public string CheckStatus { get; init; } = "";
}

/// <summary>The deployment settings in force (names and timings, never step commands).</summary>
public sealed record SettingsSnapshot
{
    public required DeploymentStrategy Strategy { get; init; }
    public required bool RequireApproval { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }
    public required IReadOnlyList<string> SmokeChecks { get; init; }
    public required int SmokeAttempts { get; init; }
    public required TimeSpan DrainTimeout { get; init; }
    public required DrainEscalation DrainEscalation { get; init; }
    public required TimeSpan WatchDuration { get; init; }
    public required int WatchMaxErrors { get; init; }
    public required string LoadPath { get; init; }
    public required string VersionPath { get; init; }
}
