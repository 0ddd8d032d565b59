using BlueGreen.Core;
using BlueGreen.Dashboard.Hosting;

// `-- hash-password` and `-- token new`: print and exit, no dashboard.
if (await CommandLine.TryRunAsync(args, Console.In, Console.Out, Console.Error, TimeProvider.System) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorConfiguration(builder.Environment);
// Serve MudBlazor's and our assets from the build output under `dotnet run` in any environment, not only
// Development (a published app has them in wwwroot; this is then a no-op).
builder.WebHost.UseStaticWebAssets();

builder.Services.AddBlueGreenCore(builder.Configuration);
builder.Services.AddBlueGreenDashboard(builder.Configuration);

var app = builder.Build();
app.UseBlueGreenDashboard();
return await app.RunDashboardAsync();

/// <summary>The dashboard's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
