using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Switching;

namespace BlueGreen.Tests.Deployment;

/// <summary>An environment's releases from its deployments: only those that moved traffic, each until the next switch or its rollback.</summary>
public sealed class ReleaseHistoryTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static DeploymentRecord Switched(string id, string version, string previous, SiteGroup from, SiteGroup to, int minute, DeploymentState state, string by = "alice", int? finishedMinute = null)
        => new()
        {
            Id = id, Environment = "prod", Version = version, PreviousVersion = previous, FromGroup = from, ToGroup = to, State = state, RequestedBy = by,
            CreatedAt = s_t0.AddMinutes(minute - 1), SwitchedAt = s_t0.AddMinutes(minute), FinishedAt = finishedMinute is { } f ? s_t0.AddMinutes(f) : s_t0.AddMinutes(minute + 1),
        };

    [Fact]
    public void Of_SwitchesRollbackAndFailures_NewestFirstEachUntilTheNext()
    {
        var releases = ReleaseHistory.Of(
        [
            Switched("d3", "3.0.0", "2.0.0", SiteGroup.Blue, SiteGroup.Green, 30, DeploymentState.RolledBack, "bob", finishedMinute: 33),
            Switched("d1", "2.0.0", "1.0.0", SiteGroup.Blue, SiteGroup.Green, 10, DeploymentState.Succeeded),
            // Failed before its switch: never served.
            new DeploymentRecord { Id = "d2", Environment = "prod", Version = "2.5.0-broken", State = DeploymentState.Failed, CreatedAt = s_t0.AddMinutes(20) },
            Switched("d4", "3.0.1", "2.0.0", SiteGroup.Green, SiteGroup.Blue, 40, DeploymentState.Succeeded, "carol"),
        ]);

        Assert.Equal(["d4", "d3", "d1"], releases.Select(r => r.DeploymentId));
        Assert.Equal((SiteGroup.Blue, "carol", (DateTimeOffset?)null, true), (releases[0].Group, releases[0].DeployedBy, releases[0].Until, releases[0].IsLive));
        // The rolled-back release served from its switch to the end of its rollback.
        Assert.Equal((s_t0.AddMinutes(30), (DateTimeOffset?)s_t0.AddMinutes(33), DeploymentState.RolledBack), (releases[1].From, releases[1].Until, releases[1].Outcome));
        // 2.0.0 served until the next switch (3.0.0's).
        Assert.Equal((DateTimeOffset?)s_t0.AddMinutes(30), releases[2].Until);
        Assert.Equal(("1.0.0", SiteGroup.Blue), (releases[2].PreviousVersion, releases[2].PreviousGroup));
    }

    [Fact]
    public void Of_NoSwitch_Empty() => Assert.Empty(ReleaseHistory.Of([new DeploymentRecord { Id = "d", State = DeploymentState.Aborted }]));

    [Fact]
    public void RollbackLabel_NamesTheVersionAndTheGroup()
        => Assert.Equal("Roll back to 1.0.0 on Blue", ReleaseHistory.RollbackLabel(Switched("d", "2.0.0", "1.0.0", SiteGroup.Blue, SiteGroup.Green, 1, DeploymentState.Watching)));

    [Fact]
    public void SwitchDurationAndLost_FromTheSwitchAuditsOnly()
    {
        var record = new DeploymentRecord
        {
            SwitchAudits =
            [
                new SwitchAudit { LoadBalancer = "lb1", Kind = SwitchKind.Switch, StartedAt = s_t0, FinishedAt = s_t0.AddMilliseconds(400), Http5xx = 1 },
                new SwitchAudit { LoadBalancer = "lb2", Kind = SwitchKind.Switch, StartedAt = s_t0, FinishedAt = s_t0.AddMilliseconds(900), ServerAborts = 2 },
                new SwitchAudit { LoadBalancer = "lb1", Kind = SwitchKind.Rollback, StartedAt = s_t0, FinishedAt = s_t0.AddSeconds(5), Http5xx = 7 },
            ],
        };
        Assert.Equal(TimeSpan.FromMilliseconds(900), record.SwitchDuration);
        Assert.Equal(3, record.LostAtSwitch);
        Assert.Null(new DeploymentRecord().SwitchDuration);
        Assert.Null(new DeploymentRecord().LostAtSwitch);
    }
}
