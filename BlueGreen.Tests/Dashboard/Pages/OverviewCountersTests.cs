using AngleSharp.Dom;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Dashboard.Components.Pages;
using Bunit;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>HAProxy's cumulative counters per server on the site cards, folded by default, and the stats page link.</summary>
public sealed class OverviewCountersTests : DashboardTestContext
{
    public OverviewCountersTests() : base(FourSites())
    {
    }

    private void Publish(LoadBalancerStatus loadBalancer)
        => Store.Publish(EnvironmentStatusBuilder.Build(FourSites(), [loadBalancer], Versions, DateTimeOffset.UtcNow));

    // a1 as HAProxy counts it: every counter set, the last change 5 minutes (and a bit) ago.
    private static LoadBalancerState CountedRead(long? bytesIn, long? bytesOut, DateTimeOffset? lastChange)
    {
        var read = Read("a1", "b1");
        var a1 = Server("a1", AdminState.Ready) with
        {
            TotalSessions = 12345,
            Http5xx = 7,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            Retries = 3,
            Redispatches = 2,
            LastChangeAt = lastChange,
        };
        return read with { Servers = [.. read.Servers.Select(s => s.Name == "a1" ? a1 : s)] };
    }

    private static Dictionary<string, string> Counters(IElement row)
        => row.QuerySelectorAll("[data-counter]").ToDictionary(c => c.GetAttribute("data-counter")!, c => c.TextContent.Trim());

    private static void Toggle(IRenderedComponent<Overview> page, string site)
        => page.Find($"[data-site={site}] button[data-testid=counters-toggle]").Click();

    [Fact]
    public void Render_CountersFoldedByDefault()
    {
        Publish(Reachable("lb1", CountedRead(1536, 107, DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-10))));

        var page = Render<Overview>();

        Assert.Empty(page.FindAll("[data-testid=counters]"));
        Assert.Equal(4, page.FindAll("button[data-testid=counters-toggle]").Count);
        Assert.DoesNotContain("12,345", page.Markup);
    }

    [Fact]
    public void Toggle_Unfolded_ShowsHaProxysCountersOfThatSiteThenFoldsAgain()
    {
        Publish(Reachable("lb1", CountedRead(1536, 107, DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-10))));
        var page = Render<Overview>();

        Toggle(page, "A");

        var counters = Counters(page.Find("[data-server=a1] [data-testid=counters]"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["stot"] = "12,345",
            ["hrsp_5xx"] = "7",
            ["bin"] = "1.5 KB",
            ["bout"] = "107 B",
            ["wretr"] = "3",
            ["wredis"] = "2",
            ["lastchg"] = "5 min ago",
        }, counters);
        // Only site A unfolded.
        Assert.Single(page.FindAll("[data-testid=counters]"));
        Assert.Equal("true", page.Find("[data-site=A] button[data-testid=counters-toggle]").GetAttribute("aria-expanded"));

        Toggle(page, "A");

        Assert.Empty(page.FindAll("[data-testid=counters]"));
    }

    [Fact]
    public void Toggle_EmbeddedProxyWithoutBytesOrLastChange_ShowsDash()
    {
        Publish(Reachable("lb1", CountedRead(bytesIn: null, bytesOut: null, lastChange: null)) with { Kind = "Embedded proxy" });
        var page = Render<Overview>();

        Toggle(page, "A");

        var counters = Counters(page.Find("[data-server=a1] [data-testid=counters]"));
        Assert.Equal(("–", "–", "–"), (counters["bin"], counters["bout"], counters["lastchg"]));
        // What it does count is shown.
        Assert.Equal(("12,345", "7", "3", "2"), (counters["stot"], counters["hrsp_5xx"], counters["wretr"], counters["wredis"]));
    }

    [Fact]
    public void Render_LoadBalancerServesAStatsPage_LinksToIt()
    {
        Publish(Reachable("lb1", Read("a1", "b1")) with { StatsUrl = "http://127.0.0.1:18080/haproxy-stats" });

        var page = Render<Overview>();

        var link = page.Find("[data-testid=haproxy-stats]");
        Assert.Equal("http://127.0.0.1:18080/haproxy-stats", link.GetAttribute("href"));
        Assert.Equal("HAProxy stats", link.TextContent.Trim());
    }

    [Fact]
    public void Render_NoStatsPage_NoLink()
    {
        Publish(Reachable("lb1", Read("a1", "b1")));

        var page = Render<Overview>();

        Assert.Empty(page.FindAll("[data-testid=haproxy-stats]"));
    }
}
