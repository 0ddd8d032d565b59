using BlueGreen.Core.References;

namespace BlueGreen.Dashboard.Api;

public static class ReferencesApi
{
    /// <summary>
    /// <c>GET /api/references/paper-002/report.json</c>: paper 002's Appendix 1 through the same statistics as an
    /// experiment's report (cells, tests), with the paper's published Tables 4.1-4.3 and 5.1-5.3 as <c>references</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapReferencesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/references/paper-002/report.json", () => Results.Ok(ReferenceReports.Paper002()));
        return endpoints;
    }
}
