using System.Text.Json.Serialization;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>What the x values of a <see cref="LiveChart"/> are.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChartTimeAxis>))]
public enum ChartTimeAxis
{
    /// <summary>Seconds, e.g. since the load test started; a numeric axis titled "time (s)".</summary>
    Seconds,

    /// <summary>Unix epoch milliseconds; a date-time axis in the browser's local time.</summary>
    EpochMilliseconds,
}
