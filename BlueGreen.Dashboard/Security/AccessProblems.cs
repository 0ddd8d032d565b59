using Microsoft.AspNetCore.Mvc;

namespace BlueGreen.Dashboard.Security;

/// <summary>401 and 403 as RFC 7807 problem details, for the API (pages get the sign-in page instead).</summary>
public static class AccessProblems
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
