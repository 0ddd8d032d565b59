using BlueGreen.Core.Deployment;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>Waits, bounded, for a stored deployment to reach a state, failing with its error and log otherwise.</summary>
internal static class DeploymentWait
{
    /// <summary>Polls <paramref name="store"/> until deployment <paramref name="id"/> is in <paramref name="state"/>;
    /// fails at once when it ends in another state, or after <paramref name="timeout"/> (30 s unless given).</summary>
    public static async Task<DeploymentRecord> ForStateAsync(DeploymentStore store, string id, DeploymentState state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var record = store.Find(id)!;
            if (record.State == state)
            {
                return record;
            }
            if (!DeploymentStateMachine.IsActive(record.State))
            {
                break;
            }
            await Task.Delay(25);
        }
        var last = store.Find(id)!;
        throw new Xunit.Sdk.XunitException($"Deployment {id} is {last.State}, expected {state}. Error: {last.Error}\nLog:\n{Log(store, id)}");
    }

    /// <summary>The deployment's log, one line per entry with its time and server, for failure messages.</summary>
    public static string Log(DeploymentStore store, string id)
        => string.Join("\n", store.Logs(id).Select(l => $"{l.At:HH:mm:ss.fff} [{l.Server}] {(l.IsError ? "ERROR " : "")}{l.Text}"));
}
