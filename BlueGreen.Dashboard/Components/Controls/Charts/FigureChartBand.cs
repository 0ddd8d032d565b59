using System.Text.Json.Serialization;
using BlueGreen.Core.Reports;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>A shaded range along <see cref="Axis"/> with its label; <see cref="To"/> null runs to the end of the axis.</summary>
public sealed record FigureChartBand(
    [property: JsonConverter(typeof(JsonStringEnumConverter<FigureAxis>))] FigureAxis Axis,
    double From,
    double? To,
    string Label,
    string Color);
