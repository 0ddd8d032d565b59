using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// One release of an environment (as Argo Rollouts' revisions): a version that served on a group from its switch
/// until the next switch or its rollback, who deployed it, how its deployment ended. Immutable.
/// </summary>
public sealed record Release
{
    public required string Version { get; init; }
    public required SiteGroup Group { get; init; }
    /// <summary>When traffic moved to it.</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>When it stopped serving (the next release's switch, or its own rollback); null while it serves.</summary>
    public DateTimeOffset? Until { get; init; }
    public required string DeployedBy { get; init; }
    public required string DeploymentId { get; init; }
    public required DeploymentState Outcome { get; init; }
    /// <summary>The version and group it replaced: what a rollback of it returns to.</summary>
    public string? PreviousVersion { get; init; }
    public SiteGroup? PreviousGroup { get; init; }
    public bool IsLive => Until is null;
}

/// <summary>An environment's releases, newest first, from its deployments that moved traffic.</summary>
public static class ReleaseHistory
{
    /// <param name="deployments">The environment's deployments, any order.</param>
    public static IReadOnlyList<Release> Of(IEnumerable<DeploymentRecord> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var switched = deployments
            .Where(d => d.SwitchedAt is not null && d.ToGroup is not null)
            .OrderBy(d => d.SwitchedAt)
            .ToList();
        var releases = new List<Release>();
        for (var i = 0; i < switched.Count; i++)
        {
            var d = switched[i];
            var next = switched.Skip(i + 1).FirstOrDefault();
            // A rollback ends the release when it finished; a later switch ends it otherwise.
            DateTimeOffset? until = d.State == DeploymentState.RolledBack ? d.FinishedAt ?? d.UpdatedAt : next?.SwitchedAt;
            if (next?.SwitchedAt is { } nextSwitch && until is { } end && nextSwitch < end)
            {
                until = nextSwitch;
            }
            releases.Add(new Release
            {
                Version = d.Version,
                Group = d.ToGroup!.Value,
                From = d.SwitchedAt!.Value,
                Until = until,
                DeployedBy = d.RequestedBy,
                DeploymentId = d.Id,
                Outcome = d.State,
                PreviousVersion = d.PreviousVersion,
                PreviousGroup = d.FromGroup,
            });
        }
        releases.Reverse();
        return releases;
    }

    /// <summary>"Roll back to 1.0.0 on Blue" for a deployment that may be rolled back.</summary>
    public static string RollbackLabel(DeploymentRecord deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return $"Roll back to {deployment.PreviousVersion ?? "the previous version"} on {deployment.FromGroup?.ToString() ?? "the previous group"}";
    }
}
