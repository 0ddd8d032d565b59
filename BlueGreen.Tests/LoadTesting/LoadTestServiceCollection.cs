namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// The service's integration tests (real Kestrel, real runs) run one class at a time: side by side they would load
/// this small machine enough to disturb the timing-sensitive generator tests running in parallel with them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoadTestServiceCollection
{
    public const string Name = "LoadTestService integration";
}
