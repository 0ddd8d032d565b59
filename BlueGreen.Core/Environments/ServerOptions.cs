namespace BlueGreen.Core.Environments;

/// <summary>One app server of a site.</summary>
public sealed class ServerOptions
{
    /// <summary>The server's name in the HAProxy backend (<c>server NAME addr:port</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>host:port the app listens on; smoke tests and version probes go here directly.</summary>
    public string Address { get; set; } = "";

    /// <summary>Health URL; defaults to <c>http://{Address}/health</c>.</summary>
    public string? HealthUrl { get; set; }

    /// <summary>SSH host for deploy steps (defaults to the host part of <see cref="Address"/>).</summary>
    public string? SshHost { get; set; }

    public string EffectiveHealthUrl => HealthUrl ?? $"http://{Address}/health";

    public string BaseUrl => $"http://{Address}";
}
