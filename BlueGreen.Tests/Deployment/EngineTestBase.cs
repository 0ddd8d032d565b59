namespace BlueGreen.Tests.Deployment;

/// <summary>A fresh <see cref="EngineHarness"/> per test (four sites, or two with <paramref name="twoSites"/>).</summary>
public abstract class EngineTestBase(bool twoSites = false) : IAsyncLifetime
{
    internal EngineHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await EngineHarness.StartAsync(twoSites);

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
