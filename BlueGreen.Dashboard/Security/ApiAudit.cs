using BlueGreen.Core.Security;

namespace BlueGreen.Dashboard.Security;

/// <summary>The audit name of a REST action (e.g. <c>deployment.approve</c>), as endpoint metadata.</summary>
public sealed record AuditAction(string Name);

/// <summary>
/// Records every REST action (an endpoint with <see cref="AuditAction"/>) in the audit trail before its result is
/// written: who (user or <c>token:NAME</c>), from where, what, on which environment and object, and the status the
/// caller gets. Denials are recorded by <see cref="AccessResultHandler"/>, since they never reach the endpoint.
/// </summary>
public sealed class ApiAuditFilter(AuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>() is not { } action)
        {
            return await next(context).ConfigureAwait(false);
        }
        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            audit.Append(Entry(http, action.Name) with { Outcome = AuditOutcome.Failed, Status = 500, Detail = ex.Message });
            throw;
        }
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        var detail = result is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails problem } ? problem.Detail ?? problem.Title : null;
        audit.Append(Entry(http, action.Name) with
        {
            Outcome = status < 400 ? AuditOutcome.Succeeded : status >= 500 ? AuditOutcome.Failed : AuditOutcome.Refused,
            Status = status,
            Detail = detail,
        });
        return result;
    }

    /// <summary>Who, from where, what and on what, from the request.</summary>
    public static AuditEntry Entry(HttpContext http, string action)
    {
        ArgumentNullException.ThrowIfNull(http);
        var values = http.Request.RouteValues;
        return new AuditEntry
        {
            Actor = Principals.NameOf(http.User),
            ActorKind = Principals.KindOf(http.User),
            Address = http.Connection.RemoteIpAddress?.ToString(),
            Action = action,
            Environment = (values["environment"] ?? (action.StartsWith("environment.", StringComparison.Ordinal) ? values["name"] : null))?.ToString(),
            Target = (values["id"] ?? values["server"] ?? values["name"])?.ToString(),
            Channel = "api",
        };
    }
}

public static class ApiAuditExtensions
{
    /// <summary>Who may call this endpoint, and the name it has in the audit trail.</summary>
    public static TBuilder Allows<TBuilder>(this TBuilder builder, Permission permission, string auditName) where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(Policies.For(permission)).WithMetadata(new AuditAction(auditName));
}
