using System.Net;

namespace BlueGreen.SampleApp;

/// <summary>The sample service's command line, parsed and validated.</summary>
public sealed class SampleAppSettings
{
    public const string Usage =
        "usage: BlueGreen.SampleApp --version <x.y.z[-suffix]> --port <1-65535> [--host <ip>] [--name <server name>]";

    public required AppVersion Version { get; init; }
    public required IPAddress Host { get; init; }
    public required int Port { get; init; }
    /// <summary>Sent as <c>X-App-Server</c>, so a client behind a load balancer sees which server answered.</summary>
    public required string Name { get; init; }

    /// <summary>Parses <c>--key value</c> or <c>--key=value</c> pairs. Returns null and a message naming every problem
    /// when the command line is wrong.</summary>
    public static SampleAppSettings? Parse(IReadOnlyList<string> args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                problems.Add($"unexpected argument '{arg}'");
                continue;
            }
            string key;
            string value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                key = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                key = arg[2..];
                value = args[++i];
            }
            else
            {
                problems.Add($"'{arg}' needs a value");
                continue;
            }
            if (key is not ("version" or "port" or "host" or "name"))
            {
                problems.Add($"unknown option '--{key}'");
                continue;
            }
            values[key] = value;
        }

        var version = AppVersion.TryParse(values.GetValueOrDefault("version"));
        if (!values.ContainsKey("version"))
        {
            problems.Add("--version is required");
        }
        else if (version is null)
        {
            problems.Add($"--version '{values["version"]}' is not a version like 1.0.0 or 2.0.0-broken");
        }

        var port = 0;
        if (!values.TryGetValue("port", out var portText))
        {
            problems.Add("--port is required");
        }
        else if (!int.TryParse(portText, out port) || port is < 1 or > 65535)
        {
            problems.Add($"--port '{portText}' is not a port number (1-65535)");
        }

        var host = IPAddress.Loopback;
        if (values.TryGetValue("host", out var hostText)
            && !hostText.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            && !IPAddress.TryParse(hostText, out host!))
        {
            problems.Add($"--host '{hostText}' is not an IP address");
        }

        var name = values.GetValueOrDefault("name") ?? $"sampleapp-{port}";
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
        {
            problems.Add("--name must be a non-empty printable name");
        }

        if (problems.Count > 0 || version is null)
        {
            error = string.Join("; ", problems);
            return null;
        }
        error = null;
        return new SampleAppSettings { Version = version, Host = host ?? IPAddress.Loopback, Port = port, Name = name };
    }
}
