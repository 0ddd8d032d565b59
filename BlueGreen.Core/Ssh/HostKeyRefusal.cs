namespace BlueGreen.Core.Ssh;

/// <summary>Why a host key was refused.</summary>
public enum HostKeyRefusal
{
    /// <summary>Nothing is known about the host: no known_hosts entry and no pinned fingerprint.</summary>
    Unknown,

    /// <summary>The host is known with another key: a reinstalled server or a man in the middle.</summary>
    Changed,

    /// <summary>The key is marked <c>@revoked</c> in known_hosts.</summary>
    Revoked,
}
