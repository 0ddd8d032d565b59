using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Deployment;

public sealed class DeploymentStoreTests : IDisposable
{
    private readonly string _folder = Integration.TempFolder("store");

    private string DbPath => Path.Combine(_folder, "bluegreen.db");

    [Fact]
    public void Save_Reopen_RecordLogsAndEventsRoundTrip()
    {
        var at = new DateTimeOffset(2026, 11, 22, 19, 0, 0, TimeSpan.Zero);
        using (var database = new BlueGreenDatabase(DbPath))
        {
            var store = new DeploymentStore(database, TimeProvider.System);
            store.Save(new DeploymentRecord
            {
                Id = "d1", Environment = "lab", Version = "2.0.0", State = DeploymentState.Succeeded, CreatedAt = at,
                TimeToRollback = TimeSpan.FromMilliseconds(1500), Steps = [new DeploymentStep { Name = "Switch", Outcome = StepOutcome.Succeeded, StartedAt = at }],
            });
            store.AddLog(new DeploymentLogLine { DeploymentId = "d1", At = at, Server = "", Text = "  indented engine line" });
            store.AddEvent(new DeploymentEvent { Environment = "lab", DeploymentId = "d1", At = at, Kind = DeploymentEventKind.Switched });
        }

        using var reopened = new BlueGreenDatabase(DbPath);
        var again = new DeploymentStore(reopened, TimeProvider.System);
        var record = again.Find("d1")!;
        Assert.Equal(DeploymentState.Succeeded, record.State);
        Assert.Equal(at, record.CreatedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), record.TimeToRollback);
        Assert.Equal(StepOutcome.Succeeded, Assert.Single(record.Steps).Outcome);
        var log = Assert.Single(again.Logs("d1"));
        Assert.Equal("", log.Server);
        Assert.Equal("  indented engine line", log.Text);
        Assert.Equal(DeploymentEventKind.Switched, Assert.Single(again.Events("lab", at.AddSeconds(-1), at.AddSeconds(1))).Kind);
        Assert.Empty(again.Events("lab", at.AddSeconds(1), at.AddSeconds(2)));
    }

    [Fact]
    public void Active_OnlyNonFinalStates()
    {
        using var database = new BlueGreenDatabase(DbPath);
        var store = new DeploymentStore(database, TimeProvider.System);
        store.Save(new DeploymentRecord { Id = "a", Environment = "lab", Version = "1", State = DeploymentState.Switching });
        store.Save(new DeploymentRecord { Id = "b", Environment = "lab", Version = "1", State = DeploymentState.RolledBack });

        Assert.Equal(["a"], store.Active().Select(r => r.Id));
    }

    [Fact]
    public async Task Save_LatestSwitchUndone_ThePreviousOneIsPublishedWithItsRollbackBack()
    {
        var at = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        using var database = new BlueGreenDatabase(DbPath);
        var store = new DeploymentStore(database, TimeProvider.System);
        DeploymentRecord Switched(string id, int minutes) => new()
        {
            Id = id, Environment = "lab", Version = "2.0.0", PreviousVersion = "1.0.0", State = DeploymentState.Succeeded,
            FromGroup = SiteGroup.Blue, ToGroup = SiteGroup.Green, CreatedAt = at.AddMinutes(minutes), SwitchedAt = at.AddMinutes(minutes + 1),
        };
        store.Save(Switched("d1", 0));
        var d2 = store.Save(Switched("d2", 5) with { State = DeploymentState.Switching });
        Assert.Empty(store.Find("d1")!.AllowedActions);
        using var subscription = store.Subscribe("d1");
        await using var changes = new StreamItems<DeploymentChange>(subscription);

        // d2's switch is undone before anything moved (an abort): d1 is again the one a rollback may undo.
        store.Save(d2 with { State = DeploymentState.Aborted, SwitchedAt = null });

        var republished = (await changes.NextAsync(TimeSpan.FromSeconds(5))).Record!;
        Assert.Equal("d1", republished.Id);
        Assert.Equal([DeploymentAction.Rollback], republished.AllowedActions);
        Assert.Equal("d1", store.LatestSwitchedId("lab"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
