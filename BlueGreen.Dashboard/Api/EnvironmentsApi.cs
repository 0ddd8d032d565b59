using BlueGreen.Core.Environments;
using BlueGreen.Core.Status;

namespace BlueGreen.Dashboard.Api;

public static class EnvironmentsApi
{
    /// <summary><c>GET /api/environments</c> and <c>GET /api/environments/{name}</c>: the live status as HAProxy reports it.</summary>
    public static IEndpointRouteBuilder MapEnvironmentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/environments");
        group.MapGet("/", (EnvironmentCatalog catalog, EnvironmentStatusStore store) =>
            Results.Ok(catalog.All.Select(e => store.Get(e.Name) ?? Pending(e))));
        group.MapGet("/{name}", (string name, EnvironmentCatalog catalog, EnvironmentStatusStore store) =>
            catalog.Find(name) is { } environment
                ? Results.Ok(store.Get(environment.Name) ?? Pending(environment))
                : Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "No such environment",
                    detail: $"There is no environment '{name}'. Known: {string.Join(", ", catalog.All.Select(e => e.Name))}."));
        return endpoints;
    }

    /// <summary>Before the first poll: the configured sites with nothing read yet (live group Unknown).</summary>
    private static EnvironmentStatus Pending(EnvironmentOptions environment)
        => EnvironmentStatusBuilder.Build(environment, [], new Dictionary<string, string?>(), DateTimeOffset.UtcNow);
}
