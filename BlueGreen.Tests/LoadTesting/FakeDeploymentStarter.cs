using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// Stands in for the deployment engine: records each request, then either throws <see cref="Refusal"/> or writes a
/// Started event now and a Finished event <see cref="Length"/> later into the real <see cref="DeploymentStore"/>,
/// as the engine does.
/// </summary>
internal sealed class FakeDeploymentStarter(DeploymentStore store) : IDeploymentStarter
{
    private readonly List<(DeploymentRequest Request, DateTimeOffset At)> _requests = [];

    public DeploymentRejectedException? Refusal { get; set; }

    public TimeSpan Length { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<(DeploymentRequest Request, DateTimeOffset At)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public DeploymentRecord Start(DeploymentRequest request)
    {
        lock (_requests)
        {
            _requests.Add((request, DateTimeOffset.UtcNow));
        }
        if (Refusal is { } refusal)
        {
            throw refusal;
        }
        var record = new DeploymentRecord { Id = $"fake-{Guid.NewGuid():N}"[..16], Environment = request.Environment, Version = request.Version, RequestedBy = request.RequestedBy };
        store.Save(record);
        store.AddEvent(Event(record, DeploymentEventKind.Started));
        _ = Task.Run(async () =>
        {
            await Task.Delay(Length);
            store.AddEvent(Event(record, DeploymentEventKind.Switched));
            store.AddEvent(Event(record, DeploymentEventKind.Finished));
        });
        return record;
    }

    private static DeploymentEvent Event(DeploymentRecord record, DeploymentEventKind kind) => new()
    {
        Environment = record.Environment,
        DeploymentId = record.Id,
        At = DateTimeOffset.UtcNow,
        Kind = kind,
        Message = $"{record.Version} {kind}",
    };
}
