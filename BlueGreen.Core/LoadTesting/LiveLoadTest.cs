using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.Streams;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// The service's handle on one running test: its record (changed and saved only under <see cref="Gate"/>), the
/// generator's run, its stop and the deployment stream it watches. It holds no samples: each second goes to the store
/// and the stream as it arrives, and snapshots and the result read them back from the store, so a running test's
/// memory does not grow with its length.
/// </summary>
internal sealed class LiveLoadTest(LoadTestRecord record, LoadTestSpec spec, CancellationTokenSource stop, Subscription<DeploymentChange> deploymentChanges)
{
    /// <summary>Guards the record and the publication of its changes, so a snapshot and the stream never disagree.</summary>
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
}
