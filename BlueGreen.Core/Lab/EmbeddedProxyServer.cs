using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Lab;

/// <summary>One server behind the embedded proxy.</summary>
/// <param name="Name">The server's name in the backend, as HAProxy's <c>server</c> line names it (e.g. <c>a1</c>).</param>
/// <param name="Address"><c>host:port</c> of the server, reached over plain HTTP/1.1.</param>
/// <param name="InitialState">Admin state at start. Ready and Drain servers start operationally Up (HAProxy's default
/// <c>init-state fully-up</c>) and are checked at once; Maint servers start Down and unchecked.</param>
public sealed record EmbeddedProxyServer(string Name, string Address, AdminState InitialState);
