using System.Reflection;

namespace BlueGreen.Dashboard.Api;

public static class DocsEndpoint
{
    /// <summary>
    /// <c>GET /docs/{name}.md</c>: one of the repository's docs, shipped inside the dashboard (so a page's "how to read
    /// this" link works on any install), as UTF-8 plain text the browser shows; 404 for any other name. Open without
    /// sign-in: they hold nothing but what the repository does.
    /// </summary>
    public static IEndpointRouteBuilder MapDocsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        var assembly = typeof(DocsEndpoint).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("docs/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        endpoints.MapGet("/docs/{name}", (string name) => names.Contains($"docs/{name}")
                ? Results.Stream(Open(assembly, $"docs/{name}"), "text/plain; charset=utf-8")
                : Results.NotFound())
            .ExcludeFromDescription()
            // The docs are the repository's, public; the sign-in page links to security.md before anyone is in.
            .AllowAnonymous();
        return endpoints;
    }

    private static Stream Open(Assembly assembly, string resource) => assembly.GetManifestResourceStream(resource)!;
}
