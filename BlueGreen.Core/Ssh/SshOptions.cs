namespace BlueGreen.Core.Ssh;

/// <summary>
/// How the dashboard reaches app servers over SSH. Bound from <see cref="ConfigurationSection"/>. Secrets are never
/// stored here: only the names of environment variables that hold them.
/// </summary>
public sealed class SshOptions
{
    /// <summary>Where these options live in configuration; messages that tell an operator what to add use it.</summary>
    public const string ConfigurationSection = "BlueGreen:Ssh";

    /// <summary>Login name on every server. Defaults to the user running the dashboard, as <c>ssh</c> does.</summary>
    public string Username { get; set; } = Environment.UserName;

    /// <summary>Private key file (OpenSSH, PEM or PuTTY format; ed25519, ECDSA or RSA). When empty, the first of
    /// <c>~/.ssh/id_ed25519</c>, <c>~/.ssh/id_ecdsa</c>, <c>~/.ssh/id_rsa</c> that exists is used, as <c>ssh</c> does.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Name of the environment variable that holds the private key's passphrase, if it has one.</summary>
    public string? PrivateKeyPassphraseEnvironmentVariable { get; set; }

    /// <summary>Name of the environment variable that holds a password, tried after the key. Optional:
    /// prefer keys.</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>Port used when a server's SSH host does not name one.</summary>
    public int Port { get; set; } = 22;

    /// <summary>OpenSSH known_hosts file checked for host keys (plain, <c>[host]:port</c> and hashed entries;
    /// <c>@revoked</c> honoured). A leading <c>~/</c> means the dashboard user's home. A missing file holds no keys.
    /// The file is read on every connect, so added lines apply without a restart.</summary>
    public string? KnownHostsPath { get; set; } = "~/.ssh/known_hosts";

    /// <summary>Host key fingerprints (<c>SHA256:base64</c>, as <c>ssh-keygen -lf</c> prints them) accepted for
    /// every host.</summary>
    public List<string> HostKeyFingerprints { get; set; } = [];

    /// <summary>Host key fingerprints accepted per host name (as written in the server's SSH host, without port).</summary>
    public Dictionary<string, List<string>> HostKeyFingerprintsByHost { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Longest wait for one connection attempt (TCP, key exchange, authentication). Ten seconds is ample
    /// on a LAN and still fails fast when a server is down.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of SSH keep-alive messages on idle pooled connections, so NAT and firewalls keep them
    /// open and a dead peer is noticed. Zero turns them off.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Connection attempts per command before it fails. With the delays below, five attempts span about
    /// 15 s: enough to ride out an sshd restart, short enough to fail a deployment step promptly.</summary>
    public int MaxConnectAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed attempt; doubled after each further failure.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the doubling wait between attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a stopped (cancelled or timed-out) command gets after SIGTERM before SIGKILL: enough for a
    /// service script to clean up.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Start every command with a line that reports its process group on stderr (the line is filtered out),
    /// so a stopped command is ended with <c>kill -s TERM -- -pgid</c> over a second channel. Needed because sshd may
    /// ignore SSH "signal" requests (OpenSSH does for root logins and before 7.9). Needs a POSIX login shell
    /// (sh, bash, dash, ksh, zsh); turn off for csh or fish, and stopping then relies on SSH signals alone.</summary>
    public bool StopByProcessGroup { get; set; } = true;

    /// <summary>More environment variables whose values are secrets (e.g. a deploy token a step reads): masked as
    /// <c>***</c> in logs, step output and exports, and never passed to a local command. The SSH password and key
    /// passphrase variables always are.</summary>
    public List<string> RedactEnvironmentVariables { get; set; } = [];

    /// <summary>More environment variables a local command (<c>Kind: Local</c>) inherits, besides the built-in
    /// allow-list (PATH, HOME, USER, LOGNAME, SHELL, LANG, LANGUAGE, LC_*, TZ, TMPDIR, TERM, DOTNET_ROOT). Nothing
    /// else of the dashboard's environment reaches it.</summary>
    public List<string> LocalEnvironmentAllowList { get; set; } = [];
}
