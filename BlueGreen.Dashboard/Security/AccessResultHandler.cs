using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// How a refused request is answered: on the API, 403 problem details that say which role or scope is needed (and
/// an audit entry when it was an action); pages go the default way (sign-in page, or the access-denied page).
/// </summary>
public sealed class AccessResultHandler(AuditLog audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && AccessProblems.IsApi(context.Request))
        {
            var needed = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault()?.Permission ?? Permission.Read;
            var why = Principals.Needs(context.User, needed);
            if (context.GetEndpoint()?.Metadata.GetMetadata<AuditAction>() is { } action)
            {
                audit.Append(ApiAuditFilter.Entry(context, action.Name) with { Outcome = AuditOutcome.Denied, Status = 403, Detail = why });
            }
            await AccessProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed", why).ConfigureAwait(false);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
