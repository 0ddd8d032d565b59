using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace BlueGreen.Dashboard.Api;

/// <summary>
/// One place for request bodies the API cannot read: malformed JSON, a value of the wrong type, a missing or wrong
/// Content-Type. Every endpoint answers them with RFC 7807 problem details whose <c>field</c> names the body or the
/// field at fault, instead of ASP.NET Core's empty 400. Endpoint handlers validate values; this handles the JSON.
/// </summary>
public static class ApiProblems
{
    /// <summary>Makes minimal-API binding failures throw (so they reach <see cref="UseApiProblems"/>) instead of
    /// ending as a bare status code.</summary>
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
        => services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>
    /// Under <c>/api</c>: binding failures become problem details naming the field, and an error status with no body
    /// (no such endpoint, wrong method, a body that is not JSON) becomes problem details saying what to do, instead
    /// of the pages' "not found" page.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
        => app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            // The pages' status-code page is HTML for people; a pipeline reading the API gets JSON.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                var (field, detail) = Describe(ex);
                await Results.Problem(
                    statusCode: ex.StatusCode,
                    title: ex.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Invalid request",
                    detail: detail,
                    extensions: new Dictionary<string, object?> { ["field"] = field }).ExecuteAsync(context);
                return;
            }
            catch (BlueGreen.Core.Storage.DataFileException ex) when (!context.Response.HasStarted)
            {
                // Disk full, file removed or unreadable: say which file and what to do; the next call opens it again.
                await Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The data file cannot be written",
                    detail: ex.Message,
                    extensions: new Dictionary<string, object?> { ["file"] = ex.FilePath }).ExecuteAsync(context);
                return;
            }
            var response = context.Response;
            if (!response.HasStarted && response.StatusCode >= 400 && response.ContentType is null && response.ContentLength is null or 0)
            {
                await Results.Problem(statusCode: response.StatusCode, detail: DescribeStatus(context)).ExecuteAsync(context);
            }
        }));

    private static string DescribeStatus(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"There is no API endpoint {context.Request.Method} {context.Request.Path}; docs/api.md lists them.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; docs/api.md lists the methods.",
        StatusCodes.Status415UnsupportedMediaType => "The body must be JSON: send it with Content-Type: application/json (docs/api.md).",
        _ => "See docs/api.md.",
    };

    /// <summary>The field at fault (camelCase, as in the body; "body" for the whole of it) and what to do.</summary>
    internal static (string Field, string Detail) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            // "$.ratePerClient" or "$['ratePerClient']"; "$" (or none) is the body itself.
            var field = json.Path is { Length: > 1 } path ? path.TrimStart('$', '.').Replace("['", "", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal) : "body";
            // System.Text.Json says "could not be converted" for a value of the wrong type; anything else is JSON that does not parse.
            var wrongType = json.Message.Contains("could not be converted", StringComparison.Ordinal);
            var what = field == "body" ? "The body is not valid JSON"
                : wrongType ? $"{field}: the value does not have the expected type"
                : $"The body is not valid JSON at {field}";
            return (field, $"{what} ({FirstLine(json.Message)}). Send a JSON object with the documented fields (docs/api.md).");
        }
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("body", "The body must be JSON: send it with Content-Type: application/json (docs/api.md).");
        }
        // A route or query value that does not parse: 'Failed to bind parameter "int? limit" from "abc".'
        return s_parameter.Match(exception.Message) is { Success: true } parameter
            ? (parameter.Groups["name"].Value, $"{parameter.Groups["name"].Value}: '{parameter.Groups["value"].Value}' is not a valid value. See docs/api.md.")
            : ("body", $"{FirstLine(exception.Message)} Send a JSON object with the documented fields (docs/api.md).");
    }

    private static readonly Regex s_parameter = new(@"parameter ""(?:[^""]+ )?(?<name>\w+)"" from ""(?<value>[^""]*)""", RegexOptions.CultureInvariant);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.') + ".";
}
