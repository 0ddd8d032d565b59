using BlueGreen.Dashboard.Security;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Hosting;

public static class DashboardRunner
{
    /// <summary>
    /// Runs the dashboard. Invalid configuration or a lab that cannot start ends the process with the list of
    /// problems on the console (exit code 2 for configuration, 3 for start-up), not a stack trace.
    /// </summary>
    public static async Task<int> RunDashboardAsync(this WebApplication app)
    {
        // Resolved before RunAsync: when RunAsync fails it has disposed the host's services, and the lab must still be stopped.
        BlueGreen.Core.Lab.LabHost? lab = null;
        try
        {
            // Validate before the host starts, so a bad configuration prints the list below and no stack trace.
            var options = app.Services.GetRequiredService<IOptions<BlueGreen.Core.BlueGreenOptions>>().Value;
            var addresses = ListenGuard.Addresses(app.Configuration);
            if (ListenGuard.Refusal(addresses, options.Auth) is { } refusal)
            {
                await Console.Error.WriteLineAsync($"BlueGreen cannot start: {refusal}").ConfigureAwait(false);
                return 2;
            }
            // Open the data file before anything starts: one held by another process, or not a database, stops here
            // with its name and the fix (a DataFileException below), never as a crash loop or a new empty file.
            _ = app.Services.GetRequiredService<BlueGreen.Core.Storage.BlueGreenDatabase>();
            lab = app.Services.GetRequiredService<BlueGreen.Core.Lab.LabHost>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BlueGreen.Security");
            foreach (var warning in ListenGuard.Warnings(addresses, options, app.Configuration))
            {
#pragma warning disable CA1848, CA2254 // once per start
                logger.LogWarning(warning);
#pragma warning restore CA1848, CA2254
            }
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"BlueGreen cannot start: the configuration has {ex.Failures.Count()} problem(s):").ConfigureAwait(false);
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync($"Edit {OperatorConfiguration.Resolve(app.Environment.ContentRootPath)} (see docs/configuration.md).").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException or IOException)
        {
            // The lab may have started before what failed (e.g. the dashboard's own port was taken): stop its
            // processes now rather than leave them to the next start's stale-process cleanup.
            if (lab is not null)
            {
                await lab.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync($"BlueGreen cannot start: {ex.Message}").ConfigureAwait(false);
            if (ex is IOException && ex.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync("Change the dashboard's address with --urls http://127.0.0.1:PORT or the \"Urls\" setting in appsettings.json.").ConfigureAwait(false);
            }
            return 3;
        }
    }
}
