namespace BlueGreen.Core.Ssh;

/// <summary>A parsed OpenSSH known_hosts file. Lines it cannot read are skipped and listed in
/// <see cref="Problems"/>, as OpenSSH skips them.</summary>
public sealed class KnownHostsFile
{
    private KnownHostsFile(string? path, IReadOnlyList<KnownHostsEntry> entries, IReadOnlyList<string> problems)
    {
        Path = path;
        Entries = entries;
        Problems = problems;
    }

    /// <summary>The file read, after <c>~/</c> expansion; <see langword="null"/> when none is configured.</summary>
    public string? Path { get; }

    /// <summary>Every readable key line, in file order.</summary>
    public IReadOnlyList<KnownHostsEntry> Entries { get; }

    /// <summary>Lines that were skipped, as <c>line N: reason</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>An empty file, for when no known_hosts is configured.</summary>
    public static KnownHostsFile Empty { get; } = new(null, [], []);

    /// <summary>Reads <paramref name="path"/> (a leading <c>~/</c> is the user's home). A missing file is empty.</summary>
    public static KnownHostsFile Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Empty;
        }
        var full = ExpandHome(path);
        return File.Exists(full) ? Parse(File.ReadAllText(full), full) : new KnownHostsFile(full, [], []);
    }

    /// <summary>Parses known_hosts text: <c>[@marker] hosts key-type base64-key [comment]</c> per line;
    /// blank lines and <c>#</c> comments are ignored.</summary>
    public static KnownHostsFile Parse(string text, string? path = null)
    {
        var entries = new List<KnownHostsEntry>();
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string? marker = null;
            if (fields[0].StartsWith('@'))
            {
                marker = fields[0];
                fields = fields[1..];
            }
            if (fields.Length < 3)
            {
                problems.Add($"line {i + 1}: expected 'hosts key-type base64-key'");
                continue;
            }
            byte[] key;
            try
            {
                key = Convert.FromBase64String(fields[2]);
            }
            catch (FormatException)
            {
                problems.Add($"line {i + 1}: the key is not base64");
                continue;
            }
            if (marker is not null and not "@revoked" and not "@cert-authority")
            {
                problems.Add($"line {i + 1}: unknown marker '{marker}'");
                continue;
            }
            entries.Add(new KnownHostsEntry(i + 1, marker, fields[0], fields[1], key));
        }
        return new KnownHostsFile(path, entries, problems);
    }

    /// <summary>Plain key lines (no marker) for the endpoint's known_hosts name.</summary>
    public IEnumerable<KnownHostsEntry> For(SshEndpoint endpoint) =>
        Entries.Where(e => e.Marker is null && e.MatchesHost(endpoint.KnownHostsName));

    /// <summary>The <c>@revoked</c> line for this key and endpoint, if any.</summary>
    public KnownHostsEntry? Revoked(SshEndpoint endpoint, ReadOnlySpan<byte> key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Marker == "@revoked" && entry.HasKey(key) && entry.MatchesHost(endpoint.KnownHostsName))
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Replaces a leading <c>~/</c> with the user's home folder.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path;
}
