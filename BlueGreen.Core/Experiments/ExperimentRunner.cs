using BlueGreen.Core.Environments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// Runs experiments unattended, one at a time, run after run in their planned order, each run through the
/// <see cref="IRunExecutor"/>; every change of an experiment is stored as it happens. It survives a restart (a
/// SIGKILL included): at start it marks the run a previous process left running <see cref="RunState.Interrupted"/>
/// (never repeated) and goes on with the next one, so a finished run is neither lost nor repeated. A failed run is
/// recorded with its reason, never retried; after <see cref="MaxConsecutiveFailures"/> in a row the experiment pauses
/// and says why. Every operator action (start, pause, resume, cancel) is one method here, so a role check and an
/// audit entry can wrap it. Singleton and hosted service.
/// </summary>
public sealed partial class ExperimentRunner(
    ExperimentStore store,
    IRunExecutor executor,
    EnvironmentCatalog catalog,
    IOptions<BlueGreenOptions> options,
    TimeProvider timeProvider,
    ILogger<ExperimentRunner> logger) : IHostedService
{
    /// <summary>Failed runs in a row after which an experiment pauses.</summary>
    public const int MaxConsecutiveFailures = 3;

    // Guards every read-modify-write of an experiment and _active, so the loop's saves and an operator's pause or
    // cancel never overwrite each other.
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Active? _active;

    /// <summary>The experiment being worked on now, if any.</summary>
    public string? ActiveId
    {
        get
        {
            lock (_lock)
            {
                return _active?.Id;
            }
        }
    }

    /// <summary>
    /// A preset request (<c>preset</c>, <c>environment</c>, <c>scale</c>, optionally <c>baselineVersion</c>, and no levels)
    /// as the preset's full definition; any other definition as it is. In the lab a missing baseline version is the
    /// lab's initial version.
    /// </summary>
    /// <exception cref="ExperimentRejectedException">An unknown preset, or no baseline version outside the lab.</exception>
    public ExperimentDefinition Expand(ExperimentDefinition request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lab = options.Value.Lab;
        var inLab = lab.Enabled && string.Equals(request.Environment, lab.EnvironmentName, StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(request.BaselineVersion) && inLab)
        {
            request = request with { BaselineVersion = lab.InitialVersion };
        }
        if (request.Preset is not { } preset || request.Levels.Count > 0)
        {
            return request;
        }
        if (!ExperimentPresets.Names.Contains(preset))
        {
            throw Invalid("preset", $"'{preset}' is not a preset.", $"Use one of: {string.Join(", ", ExperimentPresets.Names)}; or give levels and scenarios yourself.");
        }
        if (string.IsNullOrEmpty(request.BaselineVersion))
        {
            throw Invalid("baselineVersion", "is missing.", "Give the version every run starts from (outside the lab there is no default).");
        }
        var definition = ExperimentPresets.Create(preset, request.Environment, request.Scale ?? 1, request.BaselineVersion);
        return string.IsNullOrWhiteSpace(request.Name) ? definition : definition with { Name = request.Name };
    }

    private static ExperimentRejectedException Invalid(string field, string problem, string fix)
    {
        var problems = new[] { new ExperimentProblem(field, problem, fix) };
        return new ExperimentRejectedException(ExperimentRejection.Invalid, $"The experiment is invalid: {problems[0]}", problems);
    }

    /// <summary>Validates <paramref name="definition"/> (every run's load test included), stores the experiment with its
    /// planned runs and starts it in the background.</summary>
    /// <exception cref="ExperimentRejectedException">Invalid (every problem listed), or another experiment runs.</exception>
    public ExperimentRecord Start(ExperimentDefinition definition, string requestedBy)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = definition.Validate(options.Value.LoadTesting, catalog);
        if (problems.Count > 0)
        {
            throw new ExperimentRejectedException(ExperimentRejection.Invalid, $"The experiment is invalid: {string.Join(" | ", problems)}", problems);
        }
        var now = timeProvider.GetUtcNow();
        var record = new ExperimentRecord
        {
            Id = $"ex-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}",
            Definition = definition with { Environment = catalog.Find(definition.Environment)!.Name },
            State = ExperimentState.Running,
            RequestedBy = requestedBy,
            CreatedAt = now,
            Runs = ExperimentPlan.Create(definition),
        };
        lock (_lock)
        {
            RefuseIfBusy();
            var saved = store.Save(record);
            Launch(saved.Id);
            LogStarted(saved.Id, saved.Definition.Name, saved.Runs.Count, requestedBy);
            return saved;
        }
    }

    /// <summary>Pauses after the current run (at once when none runs).</summary>
    public ExperimentRecord Pause(string id, string by)
        => Mutate(id, e => ExperimentRules.Refusal(e, ExperimentAction.Pause) is { } refusal
            ? throw Conflict(refusal)
            : e.State == ExperimentState.Running && ActiveIs(id)
                ? e with { PauseRequested = true, Reason = $"Pause requested by {by}; it pauses when the current run ends." }
                : e with { State = ExperimentState.Paused, Reason = $"Paused by {by}." });

    /// <summary>Goes on with the next unfinished run of a paused experiment.</summary>
    public ExperimentRecord Resume(string id, string by)
    {
        lock (_lock)
        {
            var experiment = store.Find(id) ?? throw NotFound(id);
            if (ExperimentRules.Refusal(experiment, ExperimentAction.Resume) is { } refusal)
            {
                throw Conflict(refusal);
            }
            RefuseIfBusy();
            var saved = store.Save(experiment with { State = ExperimentState.Running, PauseRequested = false, ConsecutiveFailures = 0, Reason = null });
            Launch(id);
            LogResumed(id, by);
            return saved;
        }
    }

    /// <summary>Cancels: the current run's load test is stopped (it ends Cancelled); no further run starts.</summary>
    public ExperimentRecord Cancel(string id, string by)
    {
        lock (_lock)
        {
            var experiment = store.Find(id) ?? throw NotFound(id);
            if (ExperimentRules.Refusal(experiment, ExperimentAction.Cancel) is { } refusal)
            {
                throw Conflict(refusal);
            }
            var saved = store.Save(experiment with
            {
                State = ExperimentState.Cancelled,
                PauseRequested = false,
                Reason = $"Cancelled by {by}.",
                EndedAt = timeProvider.GetUtcNow(),
            });
            if (_active is { } active && active.Id == id)
            {
                active.Cancel.Cancel();
            }
            LogCancelled(id, by);
            return saved;
        }
    }

    /// <summary>Marks what a previous process left running and goes on with it.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var experiment in store.Running())
        {
            lock (_lock)
            {
                var marked = MarkInterrupted(experiment, "The dashboard stopped during this run; it is not repeated.");
                if (_active is null)
                {
                    Launch(marked.Id);
                    LogResumedAfterRestart(marked.Id);
                }
                else
                {
                    store.Save(marked with { State = ExperimentState.Paused, Reason = $"Experiment {_active.Id} resumed first; resume this one when it ends." });
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops the current run (its load test ends Interrupted); the experiment stays Running for the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_lock)
        {
            loop = _active?.Loop;
            _stopping.Cancel();
        }
        if (loop is not null)
        {
            await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(15), timeProvider, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>Changes a stored experiment under the lock; returns it as saved.</summary>
    private ExperimentRecord Mutate(string id, Func<ExperimentRecord, ExperimentRecord> change)
    {
        lock (_lock)
        {
            var experiment = store.Find(id) ?? throw NotFound(id);
            return store.Save(change(experiment));
        }
    }

    private ExperimentRecord MarkInterrupted(ExperimentRecord experiment, string reason)
        => store.Save(experiment with
        {
            Runs = [.. experiment.Runs.Select(r => r.State == RunState.Running
                ? r with { State = RunState.Interrupted, EndedAt = r.EndedAt ?? timeProvider.GetUtcNow(), Error = reason }
                : r)],
        });

    private bool ActiveIs(string id) => _active?.Id == id;

    // Call holding _lock.
    private void RefuseIfBusy()
    {
        if (_active is { } active)
        {
            throw new ExperimentRejectedException(ExperimentRejection.Conflict,
                $"Experiment {active.Id} is running; one experiment runs at a time (they would disturb each other's numbers). Wait for it, or pause or cancel it.",
                runningId: active.Id);
        }
    }

    private static ExperimentRejectedException NotFound(string id) => new(ExperimentRejection.NotFound, $"There is no experiment '{id}'.");

    private static ExperimentRejectedException Conflict(string refusal) => new(ExperimentRejection.Conflict, refusal);

    /// <summary>The experiment the loop works on, its cancel, and the loop itself.</summary>
    private sealed class Active(string id, CancellationTokenSource cancel)
    {
        public string Id => id;

        public CancellationTokenSource Cancel => cancel;

        public Task? Loop { get; set; }
    }
}
