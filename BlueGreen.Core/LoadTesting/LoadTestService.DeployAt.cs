using System.Globalization;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    /// <summary>The name deploy-at deployments are requested by (shown in the deployment history).</summary>
    public const string DeployAtRequester = "loadtest";

    /// <summary>How long to wait from <paramref name="now"/> until deploy-at second <paramref name="deployAt"/> of a run
    /// that started at <paramref name="startedAt"/>; zero when it is already due.</summary>
    internal static TimeSpan DelayUntilDeploy(DateTimeOffset startedAt, TimeSpan deployAt, DateTimeOffset now)
    {
        var delay = startedAt + deployAt - now;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <summary>Waits for the deploy-at second on the clock (not on samples, which trail by the response time), then deploys.</summary>
    private async Task DeployAtAsync(LiveLoadTest live, TimeSpan deployAt, CancellationToken runEnded)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(runEnded, live.Stop.Token);
        try
        {
            // Timers count whole milliseconds and may fire up to one early: a deployment a hair before its second
            // would pull the second before it into During. So wait again for whatever is left, rounded up.
            TimeSpan delay;
            while ((delay = DelayUntilDeploy(live.Record.StartedAt, deployAt, timeProvider.GetUtcNow())) > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)), timeProvider, cancel.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            AddWarning(live, $"The test ended before deploy-at ({Seconds(deployAt.TotalSeconds)} s); no deployment was started.");
            return;
        }
        TriggerDeployment(live, deployAt);
    }

    /// <summary>
    /// Starts the deployment and records its id; a refusal is recorded as a warning and the load test goes on. Holds
    /// the test's lock across the engine call, so the engine's Started event (read concurrently from the stream)
    /// is classified with the deployment id already known.
    /// </summary>
    private void TriggerDeployment(LiveLoadTest live, TimeSpan deployAt)
    {
        var version = live.Spec.DeployVersion!;
        lock (live.Gate)
        {
            var record = live.Record;
            var now = timeProvider.GetUtcNow();
            var marker = new LoadTestMarker { At = now, Second = (now - record.StartedAt).TotalSeconds };
            string? warning = null;
            try
            {
                var deployment = engine.Start(new DeploymentRequest
                {
                    Environment = record.Environment,
                    Version = version,
                    Strategy = live.Spec.DeployStrategy,
                    RequestedBy = DeployAtRequester,
                    Source = DeployAtRequester,
                });
                record.DeploymentId = deployment.Id;
                marker = marker with { DeploymentId = deployment.Id, Label = $"deploy-at: deployment {deployment.Id} of {version} requested" };
                LogDeployStarted(record.Id, deployment.Id, version, record.Environment);
            }
            catch (Exception ex)
            {
                // A refusal (another deployment runs, unknown environment) or anything else: the load test goes on.
                var what = ex is DeploymentRejectedException ? "refused" : "could not start";
                warning = $"Deploy-at {Seconds(deployAt.TotalSeconds)} s: the deployment engine {what} {version}: {ex.Message} The load test went on without it.";
                marker = marker with { Label = $"deploy-at refused: {ex.Message}" };
                record.Warnings.Add(warning);
                LogDeployRefused(record.Id, version, record.Environment, ex.Message);
            }
            record.Markers.Add(marker);
            Reclassify(record);
            store.Save(record);
            Publish(ChangeOf(record) with
            {
                Markers = record.Markers.ToList(),
                Warning = warning,
                DeploymentId = record.DeploymentId,
            });
        }
    }

    private void AddWarning(LiveLoadTest live, string warning)
    {
        lock (live.Gate)
        {
            live.Record.Warnings.Add(warning);
            store.Save(live.Record);
            Publish(ChangeOf(live.Record) with { Warning = warning });
        }
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
