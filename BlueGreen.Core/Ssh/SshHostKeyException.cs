namespace BlueGreen.Core.Ssh;

/// <summary>
/// The SSH server's host key was refused, so nothing was sent to it. The message shows the host, the fingerprint it
/// presented (OpenSSH format, <c>SHA256:</c> without padding) and the configuration key or known_hosts line that
/// would pin it. Never retried: a wrong key does not fix itself.
/// </summary>
public sealed class SshHostKeyException : RemoteShellException
{
    /// <summary>Creates the exception; <see cref="HostKeyVerifier"/> builds the message.</summary>
    public SshHostKeyException(SshEndpoint endpoint, HostKeyRefusal refusal, string keyType, string fingerprint,
        string knownHostsLine, string message)
        : base(endpoint.Host, message)
    {
        Endpoint = endpoint;
        Refusal = refusal;
        KeyType = keyType;
        Fingerprint = fingerprint;
        KnownHostsLine = knownHostsLine;
    }

    /// <summary>The server that presented the key.</summary>
    public SshEndpoint Endpoint { get; }

    /// <summary>Why the key was refused.</summary>
    public HostKeyRefusal Refusal { get; }

    /// <summary>Type of the presented key, e.g. <c>ssh-ed25519</c>.</summary>
    public string KeyType { get; }

    /// <summary>Fingerprint of the presented key, e.g. <c>SHA256:6j+RmIhuSLKtS5z96EQss8qlFhSz6ZwQOSQuAtKLYk8</c>.</summary>
    public string Fingerprint { get; }

    /// <summary>The known_hosts line that would trust the presented key.</summary>
    public string KnownHostsLine { get; }
}
