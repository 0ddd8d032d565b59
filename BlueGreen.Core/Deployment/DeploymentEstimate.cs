namespace BlueGreen.Core.Deployment;

/// <summary>
/// How long a deployment is likely to take, from the environment's history: the median duration of its last five
/// successful deployments with the same strategy that did not wait for an approval (a person's wait is not the
/// tool's time). None without such history.
/// </summary>
public static class DeploymentEstimate
{
    /// <summary>How many recent deployments the median is taken over.</summary>
    public const int Sample = 5;

    /// <summary>The typical duration for <paramref name="deployment"/>, from <paramref name="history"/> (any order;
    /// the deployment itself and other environments are ignored); null when there is no comparable one.</summary>
    public static TimeSpan? Typical(DeploymentRecord deployment, IEnumerable<DeploymentRecord> history)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(history);
        var durations = history
            .Where(r => r.Id != deployment.Id
                && string.Equals(r.Environment, deployment.Environment, StringComparison.OrdinalIgnoreCase)
                && r.Strategy == deployment.Strategy
                && r.State == DeploymentState.Succeeded
                && !r.RequireApproval
                && r.Duration is not null)
            .OrderByDescending(r => r.CreatedAt)
            .Take(Sample)
            .Select(r => r.Duration!.Value)
            .Order()
            .ToList();
        return durations.Count == 0 ? null : durations[(durations.Count - 1) / 2];
    }
}
