using Microsoft.AspNetCore.Connections;

namespace BlueGreen.SampleApp;

/// <summary>
/// The demo service the lab deploys: a small JSON item API (as the service in seed 002) that says which version and
/// server answered on every response. Run as <c>dotnet BlueGreen.SampleApp.dll --version 1.0.0 --port 18081
/// [--host 127.0.0.1] [--name a1]</c>. Exit codes: 0 after a graceful stop, 1 on an unexpected failure, 2 for a bad
/// command line, 3 when the port is already in use.
/// </summary>
public static class SampleAppProgram
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitBadArguments = 2;
    public const int ExitPortInUse = 3;

    /// <summary>How long a stop (SIGTERM, Ctrl-C) waits for in-flight requests, such as a long <c>/slow</c>.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static void Main(string[] args) => Environment.ExitCode = Run(args);

    /// <summary>Parses <paramref name="args"/>, serves until SIGTERM / Ctrl-C, and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(SampleAppSettings.Usage);
            return ExitOk;
        }
        var settings = SampleAppSettings.Parse(args, out var error);
        if (settings is null)
        {
            Console.Error.WriteLine($"sampleapp: {error}");
            Console.Error.WriteLine(SampleAppSettings.Usage);
            return ExitBadArguments;
        }

        try
        {
            using var app = CreateApp(settings);
            // Blocks until SIGTERM / Ctrl-C; then Kestrel stops accepting and lets in-flight requests finish.
            app.Run();
            return ExitOk;
        }
        catch (Exception ex) when (IsAddressInUse(ex))
        {
            Console.Error.WriteLine($"sampleapp: port {settings.Port} on {settings.Host} is already in use; choose another --port.");
            return ExitPortInUse;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"sampleapp: {settings.Name} failed: {ex.GetType().Name}: {ex.Message}");
            return ExitFailure;
        }
    }

    /// <summary>Builds (does not start) the service for <paramref name="settings"/>: Kestrel on exactly
    /// <c>Host:Port</c>, Warning-level console logs, a 30 s graceful shutdown.</summary>
    public static WebApplication CreateApp(SampleAppSettings settings)
    {
        // No args and no URLs from the environment: the command line is parsed above, and the only endpoint is
        // the one given there (ASPNETCORE_URLS / HTTP_PORTS from a parent process must not add another).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.Host, settings.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        // Four of these run beside the dashboard: warnings only, one line each. Start-up failures (a port in use)
        // are reported once, on one line, by Run, so the host's and Kestrel's own copies are filtered out.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning && !IsStartupFailureLog(category, level));

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ItemStore>();

        var app = builder.Build();
        var store = app.Services.GetRequiredService<ItemStore>();
        var inFlight = new InFlightCounter();

        app.Use((context, next) => ServeAsync(context, next, settings, inFlight));

        app.MapGet("/health", () => Results.Json(
            new HealthResponse("ok", settings.Version.Text, Math.Max(0, inFlight.Count - 1)),
            SampleAppJsonContext.Default.HealthResponse));

        app.MapGet("/version", () => Results.Json(
            new VersionResponse(settings.Version.Text, settings.Name), SampleAppJsonContext.Default.VersionResponse));

        app.MapGet("/slow", SlowAsync);

        app.MapItemEndpoints(settings.Version, store);

        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"sampleapp {settings.Name} {settings.Version.Text} listening on http://{settings.Host}:{settings.Port}"));
        return app;

        async Task<IResult> SlowAsync(HttpRequest request)
        {
            const int maxMs = 30_000;
            var text = request.Query["ms"].ToString();
            var ms = 1000;
            if (text.Length > 0 && (!int.TryParse(text, out ms) || ms is < 0 or > maxMs))
            {
                return Results.Json(new ErrorResponse($"ms must be a whole number of milliseconds from 0 to {maxMs}."),
                    SampleAppJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);
            }
            try
            {
                // Only the client going away cuts this short; a shutdown waits for it (that is what is tested).
                await Task.Delay(ms, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
            return Results.Json(new SlowResponse(ms, settings.Version.Text, settings.Name), SampleAppJsonContext.Default.SlowResponse);
        }
    }

    private static async Task ServeAsync(HttpContext context, RequestDelegate next, SampleAppSettings settings, InFlightCounter inFlight)
    {
        // Set before anything else runs so that every answer, 404s and 500s included, names version and server.
        AddIdentityHeaders(context.Response, settings);
        inFlight.Increment();
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            AddIdentityHeaders(context.Response, settings);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ErrorResponse($"Unexpected error: {ex.GetType().Name}"),
                SampleAppJsonContext.Default.ErrorResponse);
        }
        finally
        {
            inFlight.Decrement();
        }
    }

    private static void AddIdentityHeaders(HttpResponse response, SampleAppSettings settings)
    {
        response.Headers["X-App-Version"] = settings.Version.Text;
        response.Headers["X-App-Server"] = settings.Name;
    }

    private static bool IsAddressInUse(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsStartupFailureLog(string? category, LogLevel level) =>
        (category == "Microsoft.AspNetCore.Server.Kestrel" && level == LogLevel.Critical)
        || (category == "Microsoft.Extensions.Hosting.Internal.Host" && level >= LogLevel.Error);
}
