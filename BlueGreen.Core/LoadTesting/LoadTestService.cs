using System.Collections.Concurrent;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// Runs load tests for the dashboard and the REST API: validates a <see cref="LoadTestSpec"/> against the configured
/// limits, runs the generator in the background, stores every second as it arrives, starts the deploy-at deployment,
/// turns the environment's deployment events into markers and, at the end, stores the summary and the Before /
/// During / After phases. Every operator action is one method here, so a role check and an audit entry can wrap it.
/// Singleton and hosted service: at start it marks tests a previous process left running as
/// <see cref="LoadTestState.Interrupted"/> (keeping and summarising their samples); at stop it stops running ones.
/// </summary>
public sealed partial class LoadTestService(
    LoadGenerator generator,
    LoadTestStore store,
    EnvironmentCatalog catalog,
    DeploymentStore deployments,
    DeploymentEngine engine,
    IOptions<BlueGreenOptions> options,
    TimeProvider timeProvider,
    ILogger<LoadTestService> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, LiveLoadTest> _live = new(StringComparer.Ordinal);
    private readonly Broadcaster<LoadTestChange> _changes = new(timeProvider);
    private readonly Lock _startLock = new();
    // Never disposed (it has no timer): the host may call StopAsync after the container disposed its singletons.
    private readonly CancellationTokenSource _stopping = new();

    private LoadTestOptions Limits => options.Value.LoadTesting;

    /// <summary>The ids of the tests running now.</summary>
    public IReadOnlyList<string> RunningIds => _live.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Validates <paramref name="spec"/> (once: <see cref="LoadTestSpec.Validate"/> resolves it into the generator's
    /// request) and starts it in the background; returns the new test's id at once. The test stores the spec as it
    /// runs, with the path used.
    /// </summary>
    /// <exception cref="LoadTestRejectedException">Invalid spec (every problem listed), or
    /// <see cref="LoadTestOptions.MaxConcurrentTests"/> are running (their ids listed), or the dashboard is stopping.</exception>
    public string Start(LoadTestSpec spec, string requestedBy)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var validation = spec.Validate(Limits, catalog);
        if (!validation.IsValid)
        {
            throw new LoadTestRejectedException(LoadTestRejection.Invalid,
                $"The load test is invalid: {string.Join(" | ", validation.Problems)}", validation.Problems);
        }
        LiveLoadTest live;
        lock (_startLock)
        {
            if (_stopping.IsCancellationRequested)
            {
                throw new LoadTestRejectedException(LoadTestRejection.Conflict, "The dashboard is stopping; start the test once it is back.");
            }
            if (_live.Count >= Limits.MaxConcurrentTests)
            {
                var running = RunningIds;
                throw new LoadTestRejectedException(LoadTestRejection.Conflict,
                    $"{running.Count} load test(s) running ({string.Join(", ", running)}) and {LoadTestOptions.Path}:MaxConcurrentTests is {Limits.MaxConcurrentTests}; wait for one to finish or stop it.",
                    runningIds: running);
            }
            var mine = _live.Values.Where(l => string.Equals(l.Record.RequestedBy, requestedBy, StringComparison.OrdinalIgnoreCase)).Select(l => l.Record.Id).ToList();
            if (mine.Count >= Limits.MaxConcurrentTestsPerUser)
            {
                throw new LoadTestRejectedException(LoadTestRejection.Conflict,
                    $"{requestedBy} runs {mine.Count} load test(s) ({string.Join(", ", mine)}) and {LoadTestOptions.Path}:MaxConcurrentTestsPerUser is {Limits.MaxConcurrentTestsPerUser}; wait for one to finish or stop it.",
                    runningIds: mine);
            }
            live = Launch(validation, requestedBy);
            _live[live.Record.Id] = live;
        }
        LogStarted(live.Record.Id, live.Record.Environment, live.Record.Url, live.Spec.RatePerClient, live.Spec.Clients, requestedBy);
        live.Execution = Task.Run(() => ExecuteAsync(live));
        return live.Record.Id;
    }

    /// <summary>Stops a running test: nothing more is sent, requests in flight get 1 s; it ends as Stopped with its summary.</summary>
    /// <exception cref="LoadTestRejectedException">No such test, or it is not running.</exception>
    public void Stop(string id, string stoppedBy)
    {
        if (_live.TryGetValue(id, out var live))
        {
            lock (live.Gate)
            {
                live.Record.StoppedBy ??= stoppedBy;
                store.Save(live.Record);
            }
            try
            {
                live.Stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended between the lookup and the cancel: nothing to stop.
            }
            LogStopping(id, stoppedBy);
            return;
        }
        var record = store.Find(id) ?? throw NotFound(id);
        throw new LoadTestRejectedException(LoadTestRejection.Conflict, $"Load test {id} is {record.State}; only a running test can be stopped.");
    }

    /// <summary>Deletes an ended test and its samples.</summary>
    /// <exception cref="LoadTestRejectedException">No such test, or it is still running (stop it first).</exception>
    public void Delete(string id)
    {
        if (_live.ContainsKey(id))
        {
            throw new LoadTestRejectedException(LoadTestRejection.Conflict, $"Load test {id} is running; stop it first, then delete it.", runningIds: [id]);
        }
        var record = store.Find(id) ?? throw NotFound(id);
        if (!store.Delete(id))
        {
            throw NotFound(id);
        }
        LogDeleted(id);
        Publish(ChangeOf(record) with { Deleted = true });
    }

    /// <summary>Tests, newest first, optionally of one environment (copies from the store).</summary>
    public IReadOnlyList<LoadTestListItem> List(string? environment = null, int limit = 200)
        => [.. store.List(environment, limit).Select(record => LoadTestListItem.From(record, DeploymentStateOf(record)))];

    /// <summary>The test as stored now (a copy), or null.</summary>
    public LoadTestRecord? Get(string id) => store.Find(id);

    /// <summary>The test's stored seconds, by second, the merged sample first (and only, unless <paramref name="includeClients"/>).</summary>
    public IReadOnlyList<LoadSample> Samples(string id, bool includeClients = false) => store.Samples(id, includeClients);

    /// <summary>The test with its progress, summary and phases decoded (no second is read); null when there is no such test.</summary>
    public LoadTestDetails? Details(string id)
        => store.Find(id) is { } record ? LoadTestDetails.From(record, LoadTestProgress.Create(record, timeProvider.GetUtcNow()), DeploymentStateOf(record)) : null;

    /// <summary>
    /// The state now of the deployment a test's loss is measured over (the During phase's, else its deploy-at one),
    /// read from the deployment store: the test keeps the id, the store the outcome (which may come after the test ended).
    /// </summary>
    public DeploymentState? DeploymentStateOf(LoadTestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.PhaseDeploymentId ?? record.DeploymentId) is { } id ? deployments.Find(id)?.State : null;
    }

    private LiveLoadTest Launch(LoadTestValidation validation, string requestedBy)
    {
        var (spec, request) = (validation.Spec!, validation.Request!);
        var now = timeProvider.GetUtcNow();
        var record = new LoadTestRecord
        {
            Id = $"lt-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}",
            Environment = spec.Environment,
            Url = request.Target.ToString(),
            Settings = spec,
            RequestedBy = requestedBy,
            State = LoadTestState.Running,
            CreatedAt = now,
            StartedAt = now,
            PlannedSeconds = validation.PlannedSeconds,
        };
        // Subscribe before the generator starts, so no deployment event of the run falls between the two.
        var changes = deployments.SubscribeEvents(record.Environment);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var live = new LiveLoadTest(record, spec, stop, changes);
        try
        {
            live.Run = generator.Start(request, stop.Token);
        }
        catch
        {
            changes.Dispose();
            stop.Dispose();
            throw;
        }
        record.StartedAt = live.Run.StartedAt;
        record.SoFar = new LoadTestSoFar();
        store.Save(record);
        // Lists show it at once, before its first second.
        Publish(ChangeOf(record));
        return live;
    }

    private static LoadTestRejectedException NotFound(string id) => new(LoadTestRejection.NotFound, $"There is no load test '{id}'.");
}
