using System.Text.Encodings.Web;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// <c>Authorization: Bearer bgt_…</c>: the API token, looked up by hash in <see cref="TokenStore"/>. Unknown, revoked
/// or expired → 401 problem details that say which (the audit trail records the refusal); no header → no result
/// (the cookie scheme is asked instead).
/// </summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    private const string RefusalKey = "bluegreen.token-refusal";

    /// <summary>True when the request carries a bearer header (the policy scheme then asks this handler).</summary>
    public static bool HasBearer(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var token = header["Bearer ".Length..].Trim();
        var found = tokens.Authenticate(token, Context.Connection.RemoteIpAddress?.ToString(), out var refusal);
        if (found is null)
        {
            Context.Items[RefusalKey] = refusal;
            return Task.FromResult(AuthenticateResult.Fail(refusal ?? "The token is not known."));
        }
        var principal = Principals.Token(found, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = Context.Items[RefusalKey] as string;
        Response.Headers.WWWAuthenticate = refusal is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Not signed in",
            refusal is null
                ? "Send an API token as 'Authorization: Bearer <token>' (an Admin creates one on the Tokens page)."
                : $"{refusal} Ask an Admin for a new token on the Tokens page.").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => AccessProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed", "This token's scopes do not allow this call.");
}
