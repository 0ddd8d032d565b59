using System.Globalization;
using CsvHelper;

namespace BlueGreen.Core.Reports;

/// <summary>
/// A figure's data as CSV, one row per drawn value (series × category, or series × second): what the chart shows and
/// nothing else, so the numbers behind an exported PNG can be checked. RFC 4180, CRLF, invariant culture; a value the
/// chart does not have is an empty cell.
/// </summary>
public static class FigureCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["figure", "series", "reference", "category", "x", "y", "ci95_low", "ci95_high", "min", "q1", "median", "q3", "max", "n"];

    public static void Write(TextWriter writer, Figure figure)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(figure);
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\r\n", Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var series in figure.Series)
        {
            for (var i = 0; i < series.Points.Count; i++)
            {
                var p = series.Points[i];
                csv.WriteField(figure.Id);
                csv.WriteField(series.Name);
                csv.WriteField(series.IsReference ? "true" : "false");
                csv.WriteField(i < figure.Categories.Count ? figure.Categories[i] : null);
                csv.WriteField(p.X);
                csv.WriteField(p.Y);
                csv.WriteField(p.Low);
                csv.WriteField(p.High);
                csv.WriteField(p.Box?.Min);
                csv.WriteField(p.Box?.Q1);
                csv.WriteField(p.Box?.Median);
                csv.WriteField(p.Box?.Q3);
                csv.WriteField(p.Box?.Max);
                csv.WriteField(p.N);
                csv.EndRecord();
            }
        }
    }

    public static string Format(Figure figure)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, figure);
        return writer.ToString();
    }
}
