using BlueGreen.Core;
using BlueGreen.Dashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorConfiguration(builder.Environment);
// Serve MudBlazor's and our assets from the build output under `dotnet run` in any environment, not only
// Development (a published app has them in wwwroot; this is then a no-op).
builder.WebHost.UseStaticWebAssets();

builder.Services.AddBlueGreenCore(builder.Configuration);
builder.Services.AddBlueGreenDashboard();

var app = builder.Build();
app.UseBlueGreenDashboard();
return await app.RunDashboardAsync();

/// <summary>The dashboard's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
