using System.Globalization;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Parses <c>show servers state [backend]</c>: a version line (<c>1</c>), a <c># be_id be_name srv_id srv_name ...</c>
/// header, then one space-separated line per server. Columns are found by header name: HAProxy 2.6 prints 25 of them,
/// older versions fewer.
/// </summary>
public static class HaProxyServersStateParser
{
    /// <summary>Parses every server line, in HAProxy's order.</summary>
    /// <exception cref="FormatException">Not <c>show servers state</c> output (e.g. <c>Can't find backend.</c>), an
    /// unsupported version, or a line whose required columns are missing or not numbers.</exception>
    public static IReadOnlyList<HaProxyServerStateRow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0 || lines[0].Trim() != "1")
        {
            var first = lines.Count == 0 ? "" : lines[0].Trim();
            throw new FormatException(
                $"Not 'show servers state' output of version 1: the first line is \"{first}\".");
        }
        if (lines.Count < 2 || !lines[1].StartsWith('#'))
        {
            throw new FormatException("'show servers state' output has no '# be_id be_name ...' header line.");
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = lines[1].TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < names.Length; i++)
        {
            columns.TryAdd(names[i], i);
        }
        foreach (var required in new[] { "be_name", "srv_name", "srv_op_state", "srv_admin_state" })
        {
            if (!columns.ContainsKey(required))
            {
                throw new FormatException($"The 'show servers state' header has no {required} column.");
            }
        }

        var rows = new List<HaProxyServerStateRow>();
        foreach (var line in lines.Skip(2))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Text(string column) =>
                columns.TryGetValue(column, out var i) && i < fields.Length ? fields[i] : "";
            int Number(string column, bool required)
            {
                var value = Text(column);
                if (value.Length == 0 && !required)
                {
                    return 0;
                }
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new FormatException(
                        $"'show servers state' line \"{line}\": column {column} is \"{value}\", not a number.");
            }
            var name = Text("srv_name");
            if (name.Length == 0)
            {
                throw new FormatException($"'show servers state' line \"{line}\" has no srv_name.");
            }
            var port = Text("srv_port");
            rows.Add(new HaProxyServerStateRow
            {
                BackendName = Text("be_name"),
                ServerName = name,
                ServerAddress = Text("srv_addr"),
                ServerPort = port == "-" ? 0 : Number("srv_port", required: false),
                OpState = (HaProxyServerOpState)Number("srv_op_state", required: true),
                AdminFlags = (HaProxyAdminFlags)Number("srv_admin_state", required: true),
                UserWeight = Number("srv_uweight", required: false),
                CheckHealth = Number("srv_check_health", required: false),
            });
        }
        return rows;
    }
}
