using BlueGreen.Core.Deployment;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Retention;

/// <summary>
/// Deletes finished deployments (with their logs and events) and finished load tests (with their samples) that
/// <see cref="RetentionOptions"/> no longer keeps: a minute after start, then every <see cref="RetentionOptions.Interval"/>.
/// Never deletes what is running, an environment's latest switched deployment (a rollback needs it), or a deployment
/// or load test an experiment's runs refer to (its report needs them). Does nothing when retention is off.
/// </summary>
public sealed partial class RetentionJob(
    IOptions<BlueGreenOptions> options,
    DeploymentStore deployments,
    LoadTestStore loadTests,
    ExperimentStore experiments,
    TimeProvider timeProvider,
    ILogger<RetentionJob> logger) : BackgroundService
{
    private static readonly TimeSpan s_firstRun = TimeSpan.FromMinutes(1);

    /// <summary>One pass at <paramref name="now"/>.</summary>
    public RetentionResult Apply(DateTimeOffset now)
    {
        var settings = options.Value.Retention;
        if (!settings.Enabled)
        {
            return new RetentionResult(0, 0, 0);
        }
        var cutoff = settings.KeepDays > 0 ? now.AddDays(-settings.KeepDays) : DateTimeOffset.MaxValue;
        var referenced = experiments.List(int.MaxValue).SelectMany(e => e.Runs)
            .SelectMany(r => new[] { r.LoadTestId, r.DeploymentId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kept = 0;
        var deleted = 0;
        foreach (var group in deployments.List(null, int.MaxValue).Where(d => !DeploymentStateMachine.IsActive(d.State)).GroupBy(d => d.Environment))
        {
            foreach (var record in Expired(group.ToList(), d => d.CreatedAt, cutoff, settings.KeepRunsPerEnvironment))
            {
                if (referenced.Contains(record.Id))
                {
                    kept++;
                }
                else if (deployments.DeleteFinished(record.Id))
                {
                    deleted++;
                }
            }
        }
        var deletedTests = 0;
        foreach (var group in loadTests.List(null, int.MaxValue).Where(t => t.State != LoadTestState.Running).GroupBy(t => t.Environment))
        {
            foreach (var test in Expired(group.ToList(), t => t.CreatedAt, cutoff, settings.KeepRunsPerEnvironment))
            {
                if (referenced.Contains(test.Id))
                {
                    kept++;
                }
                else if (loadTests.Delete(test.Id))
                {
                    deletedTests++;
                }
            }
        }
        var result = new RetentionResult(deleted, deletedTests, kept);
        LogApplied(result.Deployments, result.LoadTests, result.KeptForExperiments, settings.KeepDays, settings.KeepRunsPerEnvironment);
        return result;
    }

    /// <summary>Of one environment's finished runs (newest first): those older than the cutoff and beyond the newest
    /// <paramref name="keepRuns"/> (each rule off when not set).</summary>
    private static IEnumerable<T> Expired<T>(IReadOnlyList<T> newestFirst, Func<T, DateTimeOffset> createdAt, DateTimeOffset cutoff, int keepRuns)
        => newestFirst.Where((run, index) => (keepRuns <= 0 || index >= keepRuns) && (cutoff == DateTimeOffset.MaxValue || createdAt(run) < cutoff));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Retention.Enabled)
        {
            return;
        }
        try
        {
            await Task.Delay(s_firstRun, timeProvider, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.Value.Retention.Interval, timeProvider);
            do
            {
                try
                {
                    Apply(timeProvider.GetUtcNow());
                }
                catch (IOException ex)
                {
                    // The data file could not be written (disk full): try again at the next pass.
                    LogFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Deployments} deployments and {LoadTests} load tests; kept {Kept} an experiment refers to (KeepDays {Days}, KeepRunsPerEnvironment {Runs})")]
    private partial void LogApplied(int deployments, int loadTests, int kept, int days, int runs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
