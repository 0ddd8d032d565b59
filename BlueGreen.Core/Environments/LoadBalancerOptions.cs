namespace BlueGreen.Core.Environments;

/// <summary>One HAProxy in front of an environment.</summary>
public sealed class LoadBalancerOptions
{
    public string Name { get; set; } = "";

    /// <summary>HAProxy runtime API address: a unix socket path (<c>/run/haproxy/admin.sock</c> or
    /// <c>unix:/path</c>) or <c>tcp://host:port</c>. The socket needs <c>level admin</c>.</summary>
    public string RuntimeApi { get; set; } = "";

    /// <summary>The HAProxy backend whose servers are the environment's servers.</summary>
    public string Backend { get; set; } = "";

    /// <summary>Public URL of the front end (what users and load tests hit), e.g. <c>http://10.0.0.10/</c>.</summary>
    public string FrontendUrl { get; set; } = "";
}
