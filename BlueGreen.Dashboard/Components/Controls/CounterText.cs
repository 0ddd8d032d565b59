using System.Globalization;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>How HAProxy's cumulative counters read on a card: compact, and "–" where the load balancer does not count
/// (the embedded proxy has no byte counts and no last-change time).</summary>
public static class CounterText
{
    public const string Missing = "–";

    private static readonly string[] s_units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>1234 reads "1,234".</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>107 reads "107 B", 1536 "1.5 KB" (powers of 1024, as HAProxy's stats page); null reads "–".</summary>
    public static string Bytes(long? bytes)
    {
        if (bytes is not { } value)
        {
            return Missing;
        }
        double scaled = value;
        var unit = 0;
        while (scaled >= 1024 && unit < s_units.Length - 1)
        {
            scaled /= 1024;
            unit++;
        }
        return unit == 0 ? $"{value} B" : $"{scaled.ToString("0.#", CultureInfo.InvariantCulture)} {s_units[unit]}";
    }

    /// <summary>How long ago <paramref name="at"/> was, as HAProxy's stats page shows <c>lastchg</c>: "12 s ago",
    /// "5 min ago", "3 h ago", "2 d ago"; null reads "–".</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } when)
        {
            return Missing;
        }
        var elapsed = now - when;
        return elapsed.TotalSeconds switch
        {
            < 1 => "just now",
            < 60 => $"{(int)elapsed.TotalSeconds} s ago",
            < 3600 => $"{(int)elapsed.TotalMinutes} min ago",
            < 86400 => $"{(int)elapsed.TotalHours} h ago",
            _ => $"{(int)elapsed.TotalDays} d ago",
        };
    }
}
