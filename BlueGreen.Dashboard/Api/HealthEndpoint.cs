using BlueGreen.Core.Lab;

namespace BlueGreen.Dashboard.Api;

public static class HealthEndpoint
{
    /// <summary><c>GET /healthz</c>: 200 when the dashboard runs (and its lab, when enabled), else 503.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (LabHost lab, Microsoft.Extensions.Options.IOptions<BlueGreen.Core.BlueGreenOptions> options) =>
        {
            var labOk = !options.Value.Lab.Enabled || lab.IsRunning;
            return labOk
                ? Results.Ok(new { status = "ok", lab = options.Value.Lab.Enabled ? lab.ProxyInUse.ToString() : "disabled" })
                : Results.Json(new { status = "unhealthy", reason = "the lab is not running" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }
}
