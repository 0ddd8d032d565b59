namespace BlueGreen.Tests.SampleApp;

/// <summary>
/// Three sample-app processes (a1, a2, a3 at 1.0.0) shared by the tests of one class, as a class fixture. Tests must
/// not stop them; a test that kills a server starts its own with <see cref="StartAsync"/>.
/// </summary>
public sealed class SampleAppCluster : IAsyncLifetime
{
    private IReadOnlyList<SampleAppProcess> _apps = [];

    public IReadOnlyList<SampleAppProcess> Apps => _apps;

    public SampleAppProcess this[string name] => _apps.Single(a => a.Name == name);

    /// <summary>Starts <paramref name="names"/> in parallel at <paramref name="version"/>; all are ready when it returns.</summary>
    public static async Task<IReadOnlyList<SampleAppProcess>> StartAsync(string version, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var starts = names.Select(n => SampleAppProcess.StartAsync(version, n, cancellationToken: cancellationToken)).ToArray();
        try
        {
            return await Task.WhenAll(starts).WaitAsync(SampleAppProcess.StartTimeout * 2, cancellationToken);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask InitializeAsync() =>
        _apps = await StartAsync("1.0.0", ["a1", "a2", "a3"], TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }
}
