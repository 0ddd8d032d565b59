using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BlueGreen.Core.Lab;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// The real dashboard as a separate process (<c>dotnet BlueGreen.Dashboard.dll</c>) with its lab on free loopback
/// ports and a temp data folder. Ready when <c>/healthz</c> answers 200; stopped with SIGTERM by its id.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _linksUsed;

    private DashboardProcess(Process process, string dataFolder, int port, int labFrontendPort, string configPath)
    {
        _process = process;
        DataFolder = dataFolder;
        Port = port;
        ConfigPath = configPath;
        BaseUrl = $"http://127.0.0.1:{port}";
        LabFrontendUrl = $"http://127.0.0.1:{labFrontendPort}";
        LabFrontendPort = labFrontendPort;
    }

    private int Port { get; }
    private int LabFrontendPort { get; }
    private string ConfigPath { get; }

    /// <summary>Keeps the data folder on dispose (a restarted dashboard uses it).</summary>
    public bool KeepDataFolder { get; set; }

    public string DataFolder { get; }
    public string BaseUrl { get; }
    public string LabFrontendUrl { get; }
    public int Pid => _process.Id;
    public string LabSocket => Path.Combine(DataFolder, "lab", "haproxy.sock");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Pids of the lab's processes, from the lab's pid file.</summary>
    public IReadOnlyList<int> LabPids()
    {
        var path = Path.Combine(DataFolder, "lab", "processes.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("Pid").GetInt32()).ToList();
    }

    /// <summary>A new dashboard process on the same data folder, configuration and ports, as after a crash.</summary>
    public Task<DashboardProcess> RestartAsync(CancellationToken cancellationToken)
        => LaunchAsync(DataFolder, Port, LabFrontendPort, ConfigPath, cancellationToken);

    /// <summary>SIGKILL: the dashboard dies at once, as in a crash; its lab processes are left running.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A dashboard with its lab (<paramref name="proxy"/>), the tests' all-scope token provisioned by hash, and
    /// no user: it prints the console sign-in link, which <see cref="SignInAsync"/> opens. <paramref name="users"/>
    /// adds viewer, operator and admin with <see cref="TestAccess.Password"/> (then no console link). <paramref name="labExtra"/>
    /// adds lab settings (<c>, "WatchDuration": "00:00:05"</c>); an <c>InstallDelay</c> there replaces the default 1 s.</summary>
    public static async Task<DashboardProcess> StartAsync(string proxy, CancellationToken cancellationToken, bool users = false,
        IReadOnlyList<(string Name, string Token, string[] Scopes)>? tokens = null, string labExtra = "")
    {
        var dataFolder = Integration.TempFolder("dash");
        var port = Integration.FreePort();
        var labFrontend = Integration.FreePort();
        var labBase = PortRange.FindFree(4);
        var config = Path.Combine(dataFolder, "appsettings.json");
        // A 1 s install unless labExtra sets its own (the configuration refuses a key written twice).
        var installDelay = labExtra.Contains("\"InstallDelay\"", StringComparison.Ordinal) ? "" : ", \"InstallDelay\": \"00:00:01\"";
        await File.WriteAllTextAsync(config, $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning", "BlueGreen": "Information" } },
              "BlueGreen": {
                "DataFolder": "{{dataFolder}}",
                "Lab": { "Enabled": true, "Proxy": "{{proxy}}", "FrontendPort": {{labFrontend}}, "ServerBasePort": {{labBase}}{{installDelay}}{{labExtra}} },
                "Auth": {{AuthJson(users, tokens ?? [])}}
              }
            }
            """, cancellationToken);
        return await LaunchAsync(dataFolder, port, labFrontend, config, cancellationToken);
    }

    /// <summary>The Auth section: the all-scope token, and the three users when asked.</summary>
    private static string AuthJson(bool users, IReadOnlyList<(string Name, string Token, string[] Scopes)> extra)
    {
        var tokens = TestAccess.TokenSettings();
        var auth = new Dictionary<string, object>
        {
            ["Tokens"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["Name"] = tokens["BlueGreen:Auth:Tokens:0:Name"],
                    ["Hash"] = tokens["BlueGreen:Auth:Tokens:0:Hash"],
                    ["Scopes"] = tokens.Where(t => t.Key.StartsWith("BlueGreen:Auth:Tokens:0:Scopes:", StringComparison.Ordinal)).Select(t => t.Value).ToArray(),
                },
            }.Concat(extra.Select(t => new Dictionary<string, object?>
            {
                ["Name"] = t.Name, ["Hash"] = BlueGreen.Core.Security.ApiToken.HashOf(t.Token), ["Scopes"] = t.Scopes,
            })).ToArray(),
            ["ApiRequestsPerMinute"] = 1_000_000,
        };
        if (users)
        {
            auth["Users"] = Enum.GetValues<BlueGreen.Core.Security.Role>()
                .Select(r => new { Name = r.ToString().ToLowerInvariant(), PasswordHash = TestAccess.PasswordHash, Role = r.ToString() }).ToArray();
        }
        return JsonSerializer.Serialize(auth);
    }

    /// <summary>
    /// Runs the real dashboard with <paramref name="configJson"/> (written to <paramref name="folder"/>) on
    /// <paramref name="urls"/>, for a start that must fail: waits (bounded) for it to exit and returns its exit code
    /// and standard error.
    /// </summary>
    public static async Task<(int Code, string Error)> RunUntilExitAsync(string folder, string configJson, string urls, CancellationToken cancellationToken)
    {
        var config = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(config, configJson, cancellationToken);
        var info = new ProcessStartInfo(LabHost.DotnetHost())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BlueGreen.Dashboard.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(urls);
        info.Environment["BLUEGREEN_CONFIG"] = config;
        info.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        await output;
        return (process.ExitCode, await error);
    }

    /// <summary>An HTTP client for this dashboard with the tests' all-scope token (the caller disposes it).</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null)
        => TestAccess.Authorize(new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(30) });

    /// <summary>
    /// Signs <paramref name="page"/>'s browser context in as a newcomer would: opens the newest <c>Sign in:</c> link
    /// the dashboard printed (each is good for one use; the dashboard then prints the next) and waits to land on the
    /// Overview.
    /// </summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        string link;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (_output)
            {
                var lines = _output.ToString().Split('\n').Where(l => l.StartsWith("Sign in: ", StringComparison.Ordinal)).ToList();
                link = lines.Count > _linksUsed ? lines[^1]["Sign in: ".Length..].Trim() : "";
            }
            if (link.Length > 0)
            {
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The dashboard printed no new 'Sign in:' link:\n{Output}");
            }
            await Task.Delay(100);
        }
        lock (_output)
        {
            _linksUsed = _output.ToString().Split('\n').Count(l => l.StartsWith("Sign in: ", StringComparison.Ordinal));
        }
        Assert.StartsWith(BaseUrl + "/login?t=", link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("user-menu")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    /// <summary>A new page (1440 × 1000) of a new browser context, signed in through the console link.</summary>
    public async Task<Microsoft.Playwright.IPage> NewPageAsync(BrowserSession browser, Microsoft.Playwright.BrowserNewPageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.Browser.NewPageAsync(options ?? new Microsoft.Playwright.BrowserNewPageOptions { ViewportSize = new Microsoft.Playwright.ViewportSize { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        await SignInAsync(page);
        return page;
    }

    private static async Task<DashboardProcess> LaunchAsync(string dataFolder, int port, int labFrontend, string config, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(LabHost.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BlueGreen.Dashboard.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["BLUEGREEN_CONFIG"] = config;
        info.Environment.Remove("ASPNETCORE_URLS");
        var process = new Process { StartInfo = info };
        var dashboard = new DashboardProcess(process, dataFolder, port, labFrontend, config);
        process.OutputDataReceived += (_, e) => dashboard.Append(e.Data);
        process.ErrorDataReceived += (_, e) => dashboard.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The dashboard exited with {process.ExitCode} at start:\n{dashboard.Output}");
            }
            try
            {
                using var response = await http.GetAsync($"{dashboard.BaseUrl}/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return dashboard;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not up yet.
            }
            await Task.Delay(250, cancellationToken);
        }
        await dashboard.DisposeAsync();
        throw new TimeoutException($"The dashboard did not become healthy within 90 s:\n{dashboard.Output}");
    }

    /// <summary>Sends SIGTERM (as systemd or Ctrl-C would) and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        if (KeepDataFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
