using System.Text.RegularExpressions;
using BlueGreen.Core.Environments;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core;

/// <summary>
/// Checks the whole configuration at start and reports every problem at once, each with its configuration
/// path and what to do, e.g. <c>BlueGreen:Environments:0:Sites:2:Group: 'Purple' is not Blue or Green</c>.
/// </summary>
public sealed partial class BlueGreenOptionsValidator : IValidateOptions<BlueGreenOptions>
{
    private const string Root = BlueGreenOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BlueGreenOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            problems.Add($"{Root}:DataFolder: is empty; set a folder for the database and the lab's files, e.g. \"data\".");
        }
        if (options.StatusPollInterval < TimeSpan.FromMilliseconds(100) || options.StatusPollInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Root}:StatusPollInterval: '{options.StatusPollInterval}' is outside 00:00:00.1 to 00:01:00.");
        }
        if (options.RuntimeApiTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Root}:RuntimeApiTimeout: must be positive, e.g. \"00:00:03\".");
        }
        ValidateLab(options.Lab, problems);
        ValidateLoadTesting(options.LoadTesting, problems);
        if (options.Retention.KeepDays is < 0 or > 36_500)
        {
            problems.Add($"{Root}:Retention:KeepDays: {options.Retention.KeepDays} must be from 1 to 36500 days, or 0 to keep runs whatever their age.");
        }
        if (options.Retention.KeepRunsPerEnvironment is < 0 or > 1_000_000)
        {
            problems.Add($"{Root}:Retention:KeepRunsPerEnvironment: {options.Retention.KeepRunsPerEnvironment} must be from 1 to 1000000, or 0 for no limit.");
        }
        if (options.Retention.Interval < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Root}:Retention:Interval: '{options.Retention.Interval}' is under a minute; the default is a day (\"1.00:00:00\").");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (options.Lab.Enabled)
        {
            names.Add(options.Lab.EnvironmentName);
        }
        for (var i = 0; i < options.Environments.Count; i++)
        {
            var path = $"{Root}:Environments:{i}";
            var environment = options.Environments[i];
            ValidateEnvironment(path, environment, problems);
            if (!string.IsNullOrEmpty(environment.Name) && !names.Add(environment.Name))
            {
                problems.Add($"{path}:Name: '{environment.Name}' is used twice (the lab takes '{options.Lab.EnvironmentName}' when enabled); give each environment its own name.");
            }
        }
        if (options.Environments.Count == 0 && !options.Lab.Enabled)
        {
            problems.Add($"{Root}:Environments: none configured and the lab is disabled; add an environment or set {Root}:Lab:Enabled to true.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateLab(Lab.LabOptions lab, List<string> problems)
    {
        const string path = $"{Root}:Lab";
        if (!lab.Enabled)
        {
            return;
        }
        if (!NamePattern().IsMatch(lab.EnvironmentName))
        {
            problems.Add($"{path}:EnvironmentName: '{lab.EnvironmentName}' must be letters, digits, '-' or '_'.");
        }
        CheckPort($"{path}:FrontendPort", lab.FrontendPort, problems);
        CheckPort($"{path}:ServerBasePort", lab.ServerBasePort, problems);
        if (lab.ServerBasePort + 3 > 65535)
        {
            problems.Add($"{path}:ServerBasePort: {lab.ServerBasePort} leaves no room for four servers; use a port below 65532.");
        }
        if (lab.FrontendPort >= lab.ServerBasePort && lab.FrontendPort <= lab.ServerBasePort + 3)
        {
            problems.Add($"{path}:FrontendPort: {lab.FrontendPort} collides with the servers' ports {lab.ServerBasePort}-{lab.ServerBasePort + 3}; pick another port.");
        }
        if (Deployment.VersionName.Validate(lab.InitialVersion, "InitialVersion") is { } versionProblem)
        {
            problems.Add($"{path}:InitialVersion: {versionProblem}");
        }
        if (lab.InstallDelay < TimeSpan.Zero || lab.InstallDelay > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{path}:InstallDelay: '{lab.InstallDelay}' is outside 00:00:00 to 00:05:00.");
        }
        if (lab.WatchDuration < TimeSpan.Zero || lab.WatchDuration > TimeSpan.FromHours(1))
        {
            problems.Add($"{path}:WatchDuration: '{lab.WatchDuration}' is outside 00:00:00 to 01:00:00; the default is \"00:00:10\".");
        }
    }

    private static void ValidateLoadTesting(LoadTesting.LoadTestOptions loadTesting, List<string> problems)
    {
        const string path = $"{Root}:LoadTesting";
        if (!double.IsFinite(loadTesting.MaxRatePerClient) || loadTesting.MaxRatePerClient <= 0 || loadTesting.MaxRatePerClient > 1_000_000)
        {
            problems.Add($"{path}:MaxRatePerClient: {loadTesting.MaxRatePerClient} must be above 0 and at most 1000000 requests/s; the default is 20000.");
        }
        if (loadTesting.MaxClients is < 1 or > 64)
        {
            problems.Add($"{path}:MaxClients: {loadTesting.MaxClients} must be 1..64; the default is 8.");
        }
        if (loadTesting.MaxDuration < TimeSpan.FromSeconds(1) || loadTesting.MaxDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{path}:MaxDuration: '{loadTesting.MaxDuration}' is outside 00:00:01 to 1.00:00:00; the default is \"00:10:00\".");
        }
        if (loadTesting.MaxRequestsPerClient < 1)
        {
            problems.Add($"{path}:MaxRequestsPerClient: {loadTesting.MaxRequestsPerClient} must be at least 1; the default is 1000000.");
        }
        if (loadTesting.MaxConcurrentTestsPerUser < 1 || (loadTesting.MaxConcurrentTests >= 1 && loadTesting.MaxConcurrentTestsPerUser > loadTesting.MaxConcurrentTests))
        {
            problems.Add($"{path}:MaxConcurrentTestsPerUser: {loadTesting.MaxConcurrentTestsPerUser} must be 1..MaxConcurrentTests ({loadTesting.MaxConcurrentTests}).");
        }
        if (loadTesting.MaxConcurrentTests is < 1 or > 16)
        {
            problems.Add($"{path}:MaxConcurrentTests: {loadTesting.MaxConcurrentTests} must be 1..16; use 1 (the default) so tests do not distort each other.");
        }
        if (loadTesting.Tiphon is null)
        {
            problems.Add($"{path}:Tiphon: is empty; remove the section for paper 000's thresholds.");
            return;
        }
        foreach (var problem in loadTesting.Tiphon.Validate())
        {
            problems.Add($"{path}:Tiphon: {problem} Remove the section for paper 000's thresholds (150/300/450 ms, 3/15/25 %).");
        }
    }

    private static void ValidateEnvironment(string path, EnvironmentOptions environment, List<string> problems)
    {
        if (!NamePattern().IsMatch(environment.Name))
        {
            problems.Add($"{path}:Name: '{environment.Name}' must be 1-40 letters, digits, '-' or '_' (it appears in URLs).");
        }
        if (!environment.VersionPath.StartsWith('/'))
        {
            problems.Add($"{path}:VersionPath: '{environment.VersionPath}' must start with '/', e.g. \"/version\".");
        }
        // The same rule as a load test's own path: the environment's is used when a test names none.
        if (LoadTesting.LoadTestSpec.PathProblem(environment.LoadPath) is { } loadPathProblem)
        {
            problems.Add($"{path}:LoadPath: {loadPathProblem.Problem} Set the path load tests send to when they name none, e.g. \"/\" or \"/item\".");
        }
        if (environment.LoadBalancers.Count == 0)
        {
            problems.Add($"{path}:LoadBalancers: none configured; add at least one with Name, RuntimeApi, Backend and FrontendUrl.");
        }
        var lbNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < environment.LoadBalancers.Count; i++)
        {
            var lbPath = $"{path}:LoadBalancers:{i}";
            var lb = environment.LoadBalancers[i];
            if (!NamePattern().IsMatch(lb.Name))
            {
                problems.Add($"{lbPath}:Name: '{lb.Name}' must be letters, digits, '-' or '_'.");
            }
            else if (!lbNames.Add(lb.Name))
            {
                problems.Add($"{lbPath}:Name: '{lb.Name}' is used twice in this environment.");
            }
            if (!IsRuntimeApiAddress(lb.RuntimeApi))
            {
                problems.Add($"{lbPath}:RuntimeApi: '{lb.RuntimeApi}' is not a runtime API address; use an absolute unix socket path (\"/run/haproxy/admin.sock\") or \"tcp://host:port\".");
            }
            if (!ServerNamePattern().IsMatch(lb.Backend))
            {
                problems.Add($"{lbPath}:Backend: '{lb.Backend}' must be the HAProxy backend name (letters, digits, '-', '_', '.', ':').");
            }
            if (!Uri.TryCreate(lb.FrontendUrl, UriKind.Absolute, out var frontend) || (frontend.Scheme != "http" && frontend.Scheme != "https"))
            {
                problems.Add($"{lbPath}:FrontendUrl: '{lb.FrontendUrl}' must be an absolute http(s) URL, e.g. \"http://10.0.0.10/\".");
            }
        }

        if (environment.Sites.Count == 0)
        {
            problems.Add($"{path}:Sites: none configured; add sites with a Group (Blue or Green) and their Servers.");
        }
        var serverNames = new HashSet<string>(StringComparer.Ordinal);
        var groups = new HashSet<SiteGroup>();
        for (var s = 0; s < environment.Sites.Count; s++)
        {
            var sitePath = $"{path}:Sites:{s}";
            var site = environment.Sites[s];
            if (!NamePattern().IsMatch(site.Name))
            {
                problems.Add($"{sitePath}:Name: '{site.Name}' must be letters, digits, '-' or '_'.");
            }
            if (!Enum.TryParse<SiteGroup>(site.Group, ignoreCase: true, out var group) || int.TryParse(site.Group, out _))
            {
                problems.Add($"{sitePath}:Group: '{site.Group}' is not Blue or Green.");
            }
            else
            {
                groups.Add(group);
            }
            if (site.Servers.Count == 0)
            {
                problems.Add($"{sitePath}:Servers: none configured; add at least one server with Name and Address.");
            }
            for (var v = 0; v < site.Servers.Count; v++)
            {
                var serverPath = $"{sitePath}:Servers:{v}";
                var server = site.Servers[v];
                if (!ServerNamePattern().IsMatch(server.Name))
                {
                    problems.Add($"{serverPath}:Name: '{server.Name}' must be the server's name in the HAProxy backend (letters, digits, '-', '_', '.', ':').");
                }
                else if (!serverNames.Add(server.Name))
                {
                    problems.Add($"{serverPath}:Name: '{server.Name}' appears twice in this environment; HAProxy server names are unique per backend.");
                }
                if (!IsHostPort(server.Address))
                {
                    problems.Add($"{serverPath}:Address: '{server.Address}' must be host:port, e.g. \"10.0.1.11:8080\".");
                }
                if (server.SshHost is { } sshHost && !IsHostName(sshHost))
                {
                    problems.Add($"{serverPath}:SshHost: '{sshHost}' must be a host name or an IP address (it is the {{host}} of deploy commands), e.g. \"app1.example.org\" or \"10.0.1.11\".");
                }
                if (server.HealthUrl is not null && !Uri.TryCreate(server.HealthUrl, UriKind.Absolute, out _))
                {
                    problems.Add($"{serverPath}:HealthUrl: '{server.HealthUrl}' must be an absolute URL, or left out for http://{{Address}}/health.");
                }
            }
        }
        ValidateDeployment($"{path}:Deployment", environment.Deployment, problems);
        if (environment.Sites.Count > 0 && groups.Count < 2)
        {
            problems.Add($"{path}:Sites: blue-green needs at least one Blue and one Green site; only {string.Join(", ", groups)} found.");
        }
    }

    private static void ValidateDeployment(string path, DeploymentOptions deployment, List<string> problems)
    {
        for (var i = 0; i < deployment.Steps.Count; i++)
        {
            var step = deployment.Steps[i];
            var stepPath = $"{path}:Steps:{i}";
            switch (step.Kind)
            {
                case DeployStepKind.Ssh or DeployStepKind.Local:
                    if (string.IsNullOrWhiteSpace(step.Command))
                    {
                        problems.Add($"{stepPath}:Command: is empty; give the command to run, e.g. \"sudo systemctl restart app-{{version}}\".");
                    }
                    else if (!Deployment.CommandTemplate.TryParse(step.Command, out _, out var error))
                    {
                        problems.Add($"{stepPath}:Command: {error}");
                    }
                    break;
                case DeployStepKind.Upload:
                    if (string.IsNullOrWhiteSpace(step.Source) || string.IsNullOrWhiteSpace(step.Destination))
                    {
                        problems.Add($"{stepPath}: an Upload step needs Source (a local file) and Destination (a remote path).");
                    }
                    break;
            }
            if (step.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                problems.Add($"{stepPath}:Timeout: must be positive, e.g. \"00:05:00\".");
            }
        }
        if (deployment.SmokeAttempts < 1)
        {
            problems.Add($"{path}:SmokeAttempts: {deployment.SmokeAttempts} must be at least 1.");
        }
        for (var i = 0; i < deployment.SmokeChecks.Count; i++)
        {
            if (!deployment.SmokeChecks[i].Path.StartsWith('/'))
            {
                problems.Add($"{path}:SmokeChecks:{i}:Path: '{deployment.SmokeChecks[i].Path}' must start with '/', e.g. \"/item\".");
            }
        }
        if (deployment.UpTimeout <= TimeSpan.Zero || deployment.DrainTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}: UpTimeout and DrainTimeout must be positive.");
        }
        if (deployment.MaxOutputLinesPerStep is < 100 or > 100_000)
        {
            problems.Add($"{path}:MaxOutputLinesPerStep: {deployment.MaxOutputLinesPerStep} must be from 100 to 100000 (default 2000).");
        }
        if (deployment.MaxOutputLineLength is < 200 or > 100_000)
        {
            problems.Add($"{path}:MaxOutputLineLength: {deployment.MaxOutputLineLength} must be from 200 to 100000 characters (default 4000).");
        }
    }

    internal static bool IsRuntimeApiAddress(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        if (value.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return IsHostPort(value["tcp://".Length..]);
        }
        var path = value.StartsWith("unix:", StringComparison.Ordinal) ? value["unix:".Length..] : value;
        // An absolute path; sun_path holds 108 bytes including the terminator.
        return path.StartsWith('/') && path.Length is > 1 and < 108 && !path.Contains("://", StringComparison.Ordinal);
    }

    private static bool IsHostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var port) && port is > 0 and <= 65535;
    }

    /// <summary>A DNS name or an IP address, and nothing a command line could read as an option (a leading '-') or
    /// the shell as syntax.</summary>
    internal static bool IsHostName(string value)
        => value.Length is > 0 and <= 253 && !value.StartsWith('-') && Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;

    private static void CheckPort(string path, int port, List<string> problems)
    {
        if (port is < 1024 or > 65535)
        {
            problems.Add($"{path}: {port} must be between 1024 and 65535.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,64}\z")]
    private static partial Regex ServerNamePattern();
}
