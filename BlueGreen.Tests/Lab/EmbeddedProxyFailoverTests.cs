using System.Net;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.SampleApp;
using static BlueGreen.Tests.Lab.EmbeddedProxyTests;

namespace BlueGreen.Tests.Lab;

/// <summary>Servers dying under load behind the embedded proxy: each test owns its sample-app processes.</summary>
[Collection(BlueGreen.Tests.Infrastructure.HeavyCollection.Name)]
public sealed class EmbeddedProxyFailoverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forward_ServerKilledDuringBurst_IsMarkedDownAndNoRequestFails()
    {
        const int requests = 200;
        const int concurrency = 8;
        const int killAfter = 40;
        var apps = await SampleAppCluster.StartAsync("1.0.0", ["k1", "k2", "k3"], Token);
        try
        {
            var victim = apps[1];
            await using var proxy = await StartProxyAsync([.. apps.Select(a => new EmbeddedProxyServer(a.Name, a.Address, AdminState.Ready))]);
            using var client = Client(proxy);
            using var gate = new SemaphoreSlim(concurrency);
            var completed = 0;

            var burst = Enumerable.Range(0, requests).Select(async _ =>
            {
                await gate.WaitAsync(Token);
                try
                {
                    using var response = await client.GetAsync("/item", Token);
                    if (Interlocked.Increment(ref completed) == killAfter)
                    {
                        victim.Kill();
                    }
                    return response.StatusCode;
                }
                finally
                {
                    gate.Release();
                }
            }).ToArray();
            var statuses = await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(60), Token);
            var state = await WaitForStateAsync(proxy, s => Server(s, "k2").Operational == OperationalState.Down);
            foreach (var s in state.Servers)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"{s.Name}: {s.Operational} {s.CheckStatus} stot={s.TotalSessions} econ={s.ConnectionErrors} eresp={s.ResponseErrors} wredis={s.Redispatches}");
            }

            Assert.True(victim.HasExited, "k2 should have been killed");
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            var dead = Server(state, "k2");
            Assert.Equal("L4CON", dead.CheckStatus);
            Assert.False(dead.IsRoutable);
            Assert.True(state.Servers.Sum(s => s.Redispatches) >= 1, "requests to the killed server should have been redispatched");
            Assert.Equal(0, state.BackendHttp5xx);
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Forward_ServerTerminatedGracefully_FinishesInFlightAndFailsNothing()
    {
        var apps = await SampleAppCluster.StartAsync("1.0.0", ["t1", "t2"], Token);
        try
        {
            await using var proxy = await StartProxyAsync([.. apps.Select(a => new EmbeddedProxyServer(a.Name, a.Address, AdminState.Ready))]);
            using var client = Client(proxy);
            var slow = client.GetAsync("/slow?ms=1500", Token);
            var busy = await WaitForStateAsync(proxy, s => s.Servers.Any(x => x.CurrentSessions == 1));
            var target = apps.Single(a => a.Name == busy.Servers.Single(x => x.CurrentSessions == 1).Name);

            target.Terminate();
            var during = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                during.Add(await ServedByAsync(client, "/item"));
            }
            using var slowResponse = await slow.WaitAsync(TimeSpan.FromSeconds(15), Token);
            var exitCode = await target.WaitForExitAsync(TimeSpan.FromSeconds(30), Token);
            var state = await WaitForStateAsync(proxy, s => Server(s, target.Name).Operational == OperationalState.Down);

            Assert.Equal(HttpStatusCode.OK, slowResponse.StatusCode);
            Assert.Equal(target.Name, Assert.Single(slowResponse.Headers.GetValues("X-App-Server")));
            Assert.Equal(0, exitCode);
            Assert.Equal(20, during.Count);
            Assert.Equal(0, state.BackendHttp5xx);
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }
}
