using BlueGreen.Core;
using BlueGreen.Dashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorConfiguration(builder.Environment);

builder.Services.AddBlueGreenCore(builder.Configuration);
builder.Services.AddBlueGreenDashboard();

var app = builder.Build();
app.UseBlueGreenDashboard();
return await app.RunDashboardAsync();

/// <summary>The dashboard's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
