using System.Globalization;
using System.Text;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Parses the CSV of <c>show stat</c>. Columns are found by the names in the <c># pxname,svname,...</c> header, never
/// by position: HAProxy versions add columns (2.6 prints about 100 plus per-module ones), and a column this parser
/// wants but the header lacks reads as empty.
/// </summary>
public static class HaProxyStatParser
{
    /// <summary>Parses every data row, in HAProxy's order.</summary>
    /// <exception cref="FormatException">The text is not <c>show stat</c> output (no <c>#</c> header with pxname and
    /// svname, e.g. an error answer), or a numeric column holds something that is not a number.</exception>
    public static IReadOnlyList<HaProxyStatRow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0 || !lines[headerIndex].StartsWith("# ", StringComparison.Ordinal))
        {
            throw new FormatException($"Not 'show stat' output: it should start with a '# pxname,svname,...' header, "
                + $"but starts with \"{FirstLine(text)}\".");
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = SplitCsv(lines[headerIndex][2..].TrimEnd('\r'));
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (name.Length > 0)
            {
                columns.TryAdd(name, i);
            }
        }
        if (!columns.ContainsKey("pxname") || !columns.ContainsKey("svname"))
        {
            throw new FormatException("The 'show stat' header has no pxname or svname column.");
        }

        var rows = new List<HaProxyStatRow>();
        for (var n = headerIndex + 1; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var row = new Row(SplitCsv(line), columns, n + 1);
            rows.Add(new HaProxyStatRow
            {
                ProxyName = row.Text("pxname"),
                ServiceName = row.Text("svname"),
                Status = row.Text("status"),
                CheckStatus = StripInProgressMark(row.Text("check_status")),
                CurrentSessions = row.Int("scur"),
                CurrentQueue = row.Int("qcur"),
                Weight = row.Int("weight"),
                SessionRate = row.Int("rate"),
                TotalSessions = row.Long("stot"),
                Http5xx = row.Long("hrsp_5xx"),
                ConnectionErrors = row.Long("econ"),
                ResponseErrors = row.Long("eresp"),
                Retries = row.Long("wretr"),
                Redispatches = row.Long("wredis"),
                BytesIn = row.OptionalLong("bin"),
                BytesOut = row.OptionalLong("bout"),
                SecondsSinceChange = row.OptionalLong("lastchg"),
                ClientAborts = row.Long("cli_abrt"),
                ServerAborts = row.Long("srv_abrt"),
            });
        }
        return rows;
    }

    // HAProxy prints "* L4CON" while a check is in flight (seen on a real 2.6 between two checks).
    private static string StripInProgressMark(string checkStatus) =>
        checkStatus.StartsWith("* ", StringComparison.Ordinal) ? checkStatus[2..].Trim() : checkStatus;

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length > 120 ? line[..120] + "..." : line;
    }

    // HAProxy quotes a CSV field (RFC 4180 style) when it contains a comma or a quote, e.g. in check descriptions.
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }

    private readonly struct Row(List<string> fields, Dictionary<string, int> columns, int lineNumber)
    {
        public string Text(string column) =>
            columns.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";

        public long Long(string column) => OptionalLong(column) ?? 0;

        // Empty (not applicable to the row, or a column this HAProxy does not print) is null, not 0.
        public long? OptionalLong(string column)
        {
            var text = Text(column);
            if (text.Length == 0)
            {
                return null;
            }
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"'show stat' line {lineNumber}: column {column} is \"{text}\", not a number.");
        }

        public int Int(string column) => (int)Math.Clamp(Long(column), int.MinValue, int.MaxValue);
    }
}
