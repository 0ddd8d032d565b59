namespace BlueGreen.Core.Switching;

/// <summary>An environment held by one owner; dispose to let it go (idempotent).</summary>
public sealed class EnvironmentClaim(string environment, EnvironmentOwner owner, Action release) : IDisposable
{
    private int _released;

    public string Environment => environment;

    public EnvironmentOwner Owner => owner;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
