using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BlueGreen.Core;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// Sign-in, roles and tokens for pages, the circuit and the API (docs/security.md): a policy scheme sends bearer
/// requests to <see cref="TokenAuthenticationHandler"/> and the rest to the session cookie; every endpoint needs a
/// signed-in caller who may read, actions need their own permission; unsafe API calls with a cookie need the
/// antiforgery token; sign-in and the API are rate-limited; every response carries the security headers.
/// </summary>
public static class AccessServiceCollectionExtensions
{
    public const string Scheme = "BlueGreen";
    public const string ViaClaim = "bluegreen:via";

    public static IServiceCollection AddBlueGreenAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var auth = configuration.GetSection("BlueGreen:Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        // An open page re-checks its user every 30 s (a removed user or a changed role signs the circuit out).
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAccessStateProvider>();
        services.AddScoped<AccessContext>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<ConsoleSignIn>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleSignIn>());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddScoped<ApiAuditFilter>();

        var builder = services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                TokenAuthenticationHandler.HasBearer(context.Request) ? TokenAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<BlueGreenOptions>>((o, options) => ConfigureCookie(o, options.Value.Auth));
        if (auth.OpenIdConnect.Enabled)
        {
            builder.AddOpenIdConnect(o => ConfigureOpenIdConnect(o, auth.OpenIdConnect));
        }
        services.AddAuthorization(Policies.Add);
        // DNS rebinding: a page elsewhere that resolves its own name to 127.0.0.1 must not reach the dashboard. Without
        // an AllowedHosts setting only the loopback names are served (ASP.NET Core alone would allow any).
        if (configuration["AllowedHosts"] is null)
        {
            services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = [.. ListenGuard.LoopbackHosts]);
        }
        services.AddRateLimiter(o => ConfigureRateLimits(o));
        return services;
    }

    public static WebApplication UseBlueGreenAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(SecurityHeaders);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Use(ApiAntiforgeryAsync);
        return app;
    }

    /// <summary>Sign-out, and the identity provider's sign-in when one is configured.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signout", async (HttpContext context, IAntiforgery antiforgery, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return Results.BadRequest("The sign-out form is stale; reload the page and sign out again.");
            }
            audit.Append(ApiAuditFilter.Entry(context, "account.signout") with { Outcome = AuditOutcome.Succeeded, Status = 302, Channel = "page" });
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login?signedOut=true");
        }).AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet("/account/oidc", (string? returnUrl, IOptions<BlueGreenOptions> options) => options.Value.Auth.OpenIdConnect.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound())
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary><paramref name="url"/> if it stays on this site (a path), else <c>/</c>: no open redirect.</summary>
    public static string LocalUrl(string? url)
        => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    /// <summary>Signs a person in with the session cookie and records it.</summary>
    public static async Task SignInAsync(HttpContext context, string name, Role role, string via)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = Principals.User(name, role, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ViaClaim, via));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, AuthOptions auth)
    {
        o.Cookie.Name = "bluegreen.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = auth.SessionTimeout;
        o.SlidingExpiration = true;
        o.LoginPath = "/login";
        o.AccessDeniedPath = "/login";
        o.Events.OnRedirectToLogin = context => AccessProblems.IsApi(context.Request)
            ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Not signed in",
                "Send an API token as 'Authorization: Bearer <token>' (an Admin creates one on the Tokens page), or sign in.")
            : Redirect(context);
        o.Events.OnRedirectToAccessDenied = context => AccessProblems.IsApi(context.Request)
            ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed", "Your role does not allow this call.")
            : Redirect(context);
        o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>On every request: a role an Admin changed takes effect; a password user removed from configuration is signed out.</summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.Identity?.Name is not { } name)
        {
            return;
        }
        var signIn = context.HttpContext.RequestServices.GetRequiredService<PasswordSignIn>();
        var via = principal.FindFirst(ViaClaim)?.Value;
        var current = Principals.RoleOf(principal);
        Role? role = signIn.RoleOf(name);
        if (via == "password")
        {
            var configured = signIn.ConfiguredRole(name);
            if (configured is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                return;
            }
            role ??= configured;
        }
        if (role is { } changed && changed != current)
        {
            var renewed = Principals.User(name, changed, CookieAuthenticationDefaults.AuthenticationScheme);
            ((ClaimsIdentity)renewed.Identity!).AddClaim(new Claim(ViaClaim, via ?? "password"));
            context.ReplacePrincipal(renewed);
            context.ShouldRenew = true;
        }
    }

    private static void ConfigureOpenIdConnect(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions o, Core.Security.OpenIdConnectOptions settings)
    {
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecretEnvironmentVariable is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.TokenValidationParameters.NameClaimType = settings.NameClaim;
        o.Events.OnTokenValidated = context =>
        {
            var principal = context.Principal!;
            var name = principal.FindFirst(settings.NameClaim)?.Value ?? principal.FindFirst("sub")?.Value ?? "unknown";
            var role = MapRole(principal.FindAll(settings.RoleClaim).Select(c => c.Value), settings);
            if (role is null)
            {
                context.Fail($"'{name}' has no {settings.RoleClaim} value that BlueGreen:Auth:OpenIdConnect:RoleMap maps to a role.");
                return Task.CompletedTask;
            }
            var user = Principals.User(name, role.Value, CookieAuthenticationDefaults.AuthenticationScheme);
            ((ClaimsIdentity)user.Identity!).AddClaim(new Claim(ViaClaim, "oidc"));
            context.Principal = user;
            return Task.CompletedTask;
        };
    }

    /// <summary>The highest role the provider's claim values map to, else the default role (null refuses).</summary>
    public static Role? MapRole(IEnumerable<string> values, Core.Security.OpenIdConnectOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Role? best = null;
        foreach (var value in values)
        {
            // Some providers send the groups as one JSON array claim, others as one claim per value.
            foreach (var part in value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Trim('"')))
            {
                if (settings.RoleMap.TryGetValue(part, out var role) && (best is null || role > best))
                {
                    best = role;
                }
            }
        }
        return best ?? settings.DefaultRole;
    }

    private static void ConfigureRateLimits(RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var auth = context.RequestServices.GetRequiredService<IOptions<BlueGreenOptions>>().Value.Auth;
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase))
            {
                return RateLimitPartition.GetFixedWindowLimiter("signin:" + address, _ => Window(auth.SignInAttemptsPerMinute));
            }
            if (AccessProblems.IsApi(context.Request))
            {
                var caller = context.User.Identity?.IsAuthenticated == true ? Principals.NameOf(context.User) : address;
                return RateLimitPartition.GetFixedWindowLimiter("api:" + caller, _ => Window(auth.ApiRequestsPerMinute));
            }
            return RateLimitPartition.GetNoLimiter("none");
        });
        o.OnRejected = async (context, cancellationToken) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many requests from this caller; try again in {Math.Ceiling(retry.TotalSeconds)} s (BlueGreen:Auth limits them per minute).").ConfigureAwait(false);
        };
    }

    private static FixedWindowRateLimiterOptions Window(int perMinute) => new()
    {
        PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>CSP (no framing, scripts only from here), no MIME sniffing, no referrer (the console link must not leak).</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                                            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next();
    }

    /// <summary>
    /// A state-changing API call that rides on the session cookie (not a bearer token) must carry the antiforgery
    /// token: a cross-site form or <c>fetch</c> cannot read it, so a page elsewhere cannot drive the API.
    /// </summary>
    private static async Task ApiAntiforgeryAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (AccessProblems.IsApi(request) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && !TokenAuthenticationHandler.HasBearer(request) && context.User.Identity?.IsAuthenticated == true)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                await AccessProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Antiforgery token missing",
                    "A state-changing API call signed in by cookie needs the antiforgery token in the 'RequestVerificationToken' header; " +
                    "scripts and CI jobs use an API token ('Authorization: Bearer <token>') instead.").ConfigureAwait(false);
                return;
            }
        }
        await next().ConfigureAwait(false);
    }
}
