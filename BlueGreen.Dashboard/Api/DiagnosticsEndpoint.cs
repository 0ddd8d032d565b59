using System.Diagnostics;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Storage;

namespace BlueGreen.Dashboard.Api;

public static class DiagnosticsEndpoint
{
    /// <summary>
    /// <c>GET /api/diagnostics</c>: the dashboard process's memory (working set, GC heap), its threads, the deployments it
    /// holds in memory and the size of its database file. What the soak and long-run benchmarks sample to show that
    /// nothing grows; nothing in it is secret (needs <c>read</c> like every other reading).
    /// </summary>
    public static IEndpointRouteBuilder MapDiagnosticsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/diagnostics", (DeploymentEngine engine, BlueGreenDatabase database, TimeProvider time) =>
        {
            using var process = Process.GetCurrentProcess();
            var gc = GC.GetGCMemoryInfo();
            var file = new FileInfo(database.FilePath);
            return Results.Ok(new
            {
                at = time.GetUtcNow(),
                processId = Environment.ProcessId,
                uptimeSeconds = Math.Round((DateTime.Now - process.StartTime).TotalSeconds),
                workingSetBytes = process.WorkingSet64,
                gcHeapBytes = gc.HeapSizeBytes,
                gcTotalMemoryBytes = GC.GetTotalMemory(forceFullCollection: false),
                gcCommittedBytes = gc.TotalCommittedBytes,
                gcCollections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
                threads = process.Threads.Count,
                deploymentRunsInMemory = engine.RunsInMemory,
                databaseFile = database.FilePath,
                databaseBytes = file.Exists ? file.Length : 0,
            });
        });
        return endpoints;
    }
}
