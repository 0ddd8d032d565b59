using System.Security.Claims;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// An open page (a circuit) keeps the user it started with; every <see cref="RevalidationInterval"/> this checks that
/// user again, as the cookie does on each request: a password user removed from configuration, or a person whose
/// role an Admin changed, is signed out of the circuit (the page then asks them to sign in again, which picks up the
/// new role). Scoped, one per circuit.
/// </summary>
public sealed class RevalidatingAccessStateProvider(ILoggerFactory loggerFactory, PasswordSignIn signIn) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return Task.FromResult(IsStillValid(authenticationState.User, signIn));
    }

    /// <summary>False when the principal's role is no longer the one it would get now, or its user is gone.</summary>
    public static bool IsStillValid(ClaimsPrincipal user, PasswordSignIn signIn)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(signIn);
        if (user.Identity?.IsAuthenticated != true || Principals.IsToken(user) || user.Identity.Name is not { } name)
        {
            return true;
        }
        var via = user.FindFirst(AccessServiceCollectionExtensions.ViaClaim)?.Value;
        Role? expected = signIn.RoleOf(name);
        if (via == "password")
        {
            if (signIn.ConfiguredRole(name) is not { } configured)
            {
                return false;
            }
            expected ??= configured;
        }
        return expected is not { } role || Principals.RoleOf(user) == role;
    }
}
