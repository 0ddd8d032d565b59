using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Streams;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// The service's handle on one running test: its record (changed and saved only under <see cref="Gate"/>), the
/// generator's run, its stop, the deployment stream it watches, and the samples so far for snapshots.
/// </summary>
internal sealed class LiveLoadTest(LoadTestRecord record, LoadTestSpec spec, CancellationTokenSource stop, Subscription<DeploymentChange> deploymentChanges)
{
    private readonly List<LoadSample> _samples = [];

    /// <summary>Guards the record, the samples and their publication, so a snapshot and the stream never disagree.</summary>
    public Lock Gate { get; } = new();

    public LoadTestRecord Record => record;

    public LoadTestSpec Spec => spec;

    /// <summary>Cancelled by an operator's stop or by the dashboard stopping (linked).</summary>
    public CancellationTokenSource Stop => stop;

    /// <summary>Subscribed before the generator started, so no deployment event of the run can be missed.</summary>
    public Subscription<DeploymentChange> DeploymentChanges => deploymentChanges;

    public LoadTestRun Run { get; set; } = null!;

    public Task? Execution { get; set; }

    /// <summary>Set when the dashboard stops the test (it ends Interrupted, not Stopped).</summary>
    public bool Interrupted { get; set; }

    /// <summary>Every sample so far (call under <see cref="Gate"/>).</summary>
    public IReadOnlyList<LoadSample> Samples => _samples;

    /// <summary>Adds one second (the clients' samples and the merged one; call under <see cref="Gate"/>).</summary>
    public void AddSecond(IEnumerable<LoadSample> samples) => _samples.AddRange(samples);

    /// <summary>The samples ordered as the store returns them: by second, merged first.</summary>
    public List<LoadSample> OrderedSamples() => _samples.OrderBy(s => s.Second).ThenBy(s => s.Client ?? -1).ToList();
}
