using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Experiments;

public sealed partial class RunExecutor
{
    /// <summary>Restores at most this many times before a run is given up: a BlueGreen deployment lands on the idle group,
    /// so the baseline on a given group may take two deployments (or one rollback).</summary>
    private const int MaxRestores = 3;

    /// <summary>
    /// Brings <paramref name="environment"/> to <paramref name="version"/> live on <paramref name="group"/>, checked
    /// through HAProxy and each server's version: the cheapest way first (a rollback, when the standby group runs it and
    /// the latest deployment can be rolled back), else a BlueGreen deployment of it. Every action is reported through
    /// <paramref name="done"/>. Returns why it could not (the run fails with it), or null.
    /// </summary>
    private async Task<string?> EnsureBaselineAsync(EnvironmentOptions environment, string version, SiteGroup group, string by,
        Action<string> done, CancellationToken cancellationToken)
    {
        var servers = environment.Sites.Where(s => s.ParsedGroup == group).SelectMany(s => s.Servers).Select(s => s.Name).ToList();
        var wanted = group == SiteGroup.Blue ? LiveGroup.Blue : LiveGroup.Green;
        for (var restore = 0; ; restore++)
        {
            // A deployment still at work (e.g. the last run's watch) owns the servers: wait for it first.
            if (engine.Running(environment.Name) is { } running)
            {
                await WaitForDeploymentAsync(running.Id, cancellationToken).ConfigureAwait(false);
            }
            BaselineReading reading;
            try
            {
                reading = await baseline.ReadAsync(environment, cancellationToken).ConfigureAwait(false);
            }
            catch (LoadBalancerException ex)
            {
                return $"The environment cannot be read: {ex.Message}";
            }
            var onGroup = servers.All(s => reading.Versions.GetValueOrDefault(s) == version);
            if (reading.Live == wanted && onGroup)
            {
                return null;
            }
            var now = $"{reading.Live} live; {group} runs {string.Join(", ", servers.Select(s => $"{s} {reading.Versions.GetValueOrDefault(s) ?? "?"}"))}";
            if (restore == MaxRestores)
            {
                return $"Baseline not restorable: {version} live on {group} was wanted, but after {MaxRestores} attempts {now}. Check the environment on the Overview.";
            }
            LogRestoring(environment.Name, version, group, now);
            // The standby already runs it: a rollback of the latest switched deployment puts it back in one switch.
            if (reading.Live != wanted && onGroup && deployments.LatestSwitchedId(environment.Name) is { } latest
                && deployments.Find(latest) is { } last && last.AllowedActions.Contains(DeploymentAction.Rollback) && last.FromGroup == group)
            {
                try
                {
                    await engine.RollbackAsync(latest, by, cancellationToken).ConfigureAwait(false);
                    var rolledBack = await WaitForDeploymentAsync(latest, cancellationToken).ConfigureAwait(false);
                    done($"rolled back deployment {latest} ({rolledBack.State})");
                    continue;
                }
                catch (DeploymentRejectedException ex)
                {
                    done($"rollback of {latest} refused ({ex.Message}); deploying instead");
                }
            }
            DeploymentRecord started;
            try
            {
                started = engine.Start(new DeploymentRequest
                {
                    Environment = environment.Name,
                    Version = version,
                    Strategy = DeploymentStrategy.BlueGreen,
                    RequestedBy = by,
                    Source = "experiment",
                });
            }
            catch (DeploymentRejectedException ex)
            {
                return $"Baseline not restorable: deploying {version} was refused: {ex.Message}";
            }
            var deployed = await WaitForDeploymentAsync(started.Id, cancellationToken).ConfigureAwait(false);
            done($"deployed {version} (deployment {started.Id}, {deployed.State})");
            if (deployed.State != DeploymentState.Succeeded)
            {
                return $"Baseline not restorable: deploying {version} ended {deployed.State}: {deployed.Error}";
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restoring the baseline {Version} on {Group} of {Environment}: {Now}")]
    private partial void LogRestoring(string environment, string version, SiteGroup group, string now);
}
