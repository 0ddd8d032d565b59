using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Authorization;

namespace BlueGreen.Dashboard.Security;

/// <summary>One authorization policy per <see cref="Permission"/>, for REST endpoints (<c>RequireAuthorization</c>).</summary>
public static class Policies
{
    public const string Read = "bluegreen.read";
    public const string Deploy = "bluegreen.deploy";
    public const string LoadTest = "bluegreen.loadtest";
    public const string Experiment = "bluegreen.experiment";
    public const string Admin = "bluegreen.admin";

    public static string For(Permission permission) => permission switch
    {
        Permission.Read => Read,
        Permission.Deploy => Deploy,
        Permission.LoadTest => LoadTest,
        Permission.Experiment => Experiment,
        Permission.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, null),
    };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var permission in Enum.GetValues<Permission>())
        {
            options.AddPolicy(For(permission), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }
        // Everything without its own rule needs a signed-in caller who may read (a token: the read scope); the sign-in
        // page, /healthz and static assets opt out.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permission.Read)).Build();
    }
}

/// <summary>Met when <see cref="Principals.Allows"/> says so.</summary>
public sealed class PermissionRequirement(Permission permission) : AuthorizationHandler<PermissionRequirement>, IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (Principals.Allows(context.User, requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
