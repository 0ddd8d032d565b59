using System.Globalization;
using System.Xml.Linq;

namespace BlueGreen.Core.Reports;

/// <summary>
/// Draws a <see cref="Figure"/> as a standalone SVG element (no script, no external font or style), for the
/// self-contained HTML report and for SVG downloads: axes with round ticks, the figure's bands and markers, bars with
/// their 95 % whiskers, boxes, lines, and a legend. Built with <see cref="XElement"/>, so every label is escaped.
/// Reference series (a paper's numbers) are drawn hatched in the colour of the series they match.
/// </summary>
public static class SvgFigureRenderer
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The series colours, in order (the dashboard's chart palette).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#1e88e5", "#43a047", "#e53935", "#fb8c00", "#8e24aa", "#00acc1", "#6d4c41", "#546e7a"];

    private static readonly Dictionary<string, string> s_tones = new(StringComparer.Ordinal)
    {
        ["very-good"] = "#c8e6c9",
        ["good"] = "#e6f4c8",
        ["medium"] = "#fff3c4",
        ["poor"] = "#ffd6d2",
        ["before"] = "#e3f2fd",
        ["during"] = "#fff3c4",
        ["after"] = "#e8f5e9",
    };

    private const double Width = 760;
    private const double Height = 380;
    private const double Left = 70;
    private const double Right = 20;
    private const double Top = 40;
    private const double Bottom = 86;

    public static XElement Render(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var (xMin, xMax) = XRange(figure);
        var yMax = NiceMax(YValues(figure).DefaultIfEmpty(0).Max());
        var ticks = Ticks(yMax);
        double Y(double v) => Top + plotH - Math.Clamp(v, 0, yMax) / yMax * plotH;
        double XValue(double v) => Left + (xMax == xMin ? 0.5 : (v - xMin) / (xMax - xMin)) * plotW;

        var root = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {F(Width)} {F(Height)}"),
            new XAttribute("width", F(Width)),
            new XAttribute("height", F(Height)),
            new XAttribute("role", "img"),
            new XAttribute("data-figure", figure.Id),
            new XAttribute("font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
            new XAttribute("font-size", "11"),
            new XElement(Svg + "title", figure.Title),
            new XElement(Svg + "desc", figure.Caption),
            new XElement(Svg + "defs", figure.Series.Select((s, i) => Hatch(figure, i))),
            new XElement(Svg + "rect", new XAttribute("width", F(Width)), new XAttribute("height", F(Height)), new XAttribute("fill", "#ffffff")),
            Text(Left, 22, figure.Title, "start", 14, "600"));

        // Bands first, under everything: along y (TIPHON grades) or along x (phases).
        foreach (var band in figure.Bands)
        {
            if (band.Axis == FigureAxis.Y)
            {
                if (band.From >= yMax)
                {
                    continue;
                }
                var y1 = Y(Math.Min(band.To ?? yMax, yMax));
                var y0 = Y(band.From);
                root.Add(Rect(Left, y1, plotW, y0 - y1, ToneColor(band.Tone), "band"),
                    Text(Left + plotW - 4, y1 + 12, band.Label, "end", 10, null, "#555"));
            }
            else
            {
                var x0 = XValue(Math.Max(band.From, xMin));
                var x1 = XValue(Math.Min(band.To ?? xMax, xMax));
                root.Add(Rect(x0, Top, Math.Max(0, x1 - x0), plotH, ToneColor(band.Tone), "band"),
                    Text((x0 + x1) / 2, Top + 12, band.Label, "middle", 10, null, "#555"));
            }
        }

        // Grid and y axis.
        foreach (var tick in ticks)
        {
            root.Add(Line(Left, Y(tick), Left + plotW, Y(tick), "#e0e0e0", 1),
                Text(Left - 6, Y(tick) + 4, Number(tick), "end", 10, null, "#444"));
        }
        root.Add(Line(Left, Top, Left, Top + plotH, "#888", 1), Line(Left, Top + plotH, Left + plotW, Top + plotH, "#888", 1));
        root.Add(new XElement(Svg + "text", new XAttribute("transform", $"translate(16 {F(Top + plotH / 2)}) rotate(-90)"),
            new XAttribute("text-anchor", "middle"), new XAttribute("fill", "#333"), figure.YTitle));
        root.Add(Text(Left + plotW / 2, Top + plotH + 36, figure.XTitle, "middle", 11, null, "#333"));

        if (figure.Kind == FigureKind.TimeSeries)
        {
            foreach (var tick in Ticks(xMax - xMin).Select(t => t + xMin))
            {
                root.Add(Text(XValue(tick), Top + plotH + 16, Number(tick), "middle", 10, null, "#444"));
            }
            // Markers are numbered on the chart (labels of close events would overlap); the caption lists them.
            for (var m = 0; m < figure.Markers.Count; m++)
            {
                var marker = figure.Markers[m];
                var x = XValue(marker.X);
                root.Add(new XElement(Svg + "line", Attrs(x, Top, x, Top + plotH), new XAttribute("stroke", "#333"),
                        new XAttribute("stroke-dasharray", "4 3"), new XAttribute("data-marker", marker.Label)),
                    Text(x + 2, Top + 24 + 11 * (m % 4), (m + 1).ToString(CultureInfo.InvariantCulture), "start", 10, "600", "#333"));
            }
            for (var i = 0; i < figure.Series.Count; i++)
            {
                var points = figure.Series[i].Points.Where(p => p.X is not null && p.Y is not null)
                    .Select(p => $"{F(XValue(p.X!.Value))},{F(Y(p.Y!.Value))}");
                root.Add(Polyline(points, SeriesColor(figure, i), figure.Series[i]));
            }
        }
        else
        {
            DrawCategories(root, figure, plotW, plotH, Y);
        }

        root.Add(Legend(figure, Top + plotH + 56));
        return root;
    }

    /// <summary>The SVG as a file: an XML declaration and the element.</summary>
    public static string ToFile(Figure figure) => "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + Render(figure).ToString(SaveOptions.DisableFormatting);

    private static void DrawCategories(XElement root, Figure figure, double plotW, double plotH, Func<double, double> y)
    {
        var count = Math.Max(1, figure.Categories.Count);
        var group = plotW / count;
        var seriesCount = Math.Max(1, figure.Series.Count);
        var slot = group * 0.8 / seriesCount;
        for (var c = 0; c < figure.Categories.Count; c++)
        {
            root.Add(Text(Left + group * (c + 0.5), Top + plotH + 16, figure.Categories[c], "middle", 11, null, "#333"));
        }
        for (var i = 0; i < figure.Series.Count; i++)
        {
            var series = figure.Series[i];
            var color = SeriesColor(figure, i);
            var fill = series.IsReference ? $"url(#{HatchId(figure, i)})" : color;
            var g = new XElement(Svg + "g", new XAttribute("data-series", series.Name), new XAttribute("data-reference", series.IsReference ? "true" : "false"));
            if (figure.Kind == FigureKind.Lines)
            {
                var points = series.Points.Select((p, c) => (p, c)).Where(t => t.p.Y is not null)
                    .Select(t => $"{F(Left + group * (t.c + 0.5))},{F(y(t.p.Y!.Value))}");
                g.Add(Polyline(points, color, series));
                foreach (var (p, c) in series.Points.Select((p, c) => (p, c)).Where(t => t.p.Y is not null))
                {
                    g.Add(new XElement(Svg + "circle", new XAttribute("cx", F(Left + group * (c + 0.5))), new XAttribute("cy", F(y(p.Y!.Value))),
                        new XAttribute("r", "3"), new XAttribute("fill", color)));
                }
                root.Add(g);
                continue;
            }
            for (var c = 0; c < series.Points.Count && c < figure.Categories.Count; c++)
            {
                var p = series.Points[c];
                var x = Left + group * c + group * 0.1 + slot * i;
                var mid = x + slot / 2;
                if (figure.Kind == FigureKind.Bars && p.Y is { } value)
                {
                    var top = y(value);
                    g.Add(Rect(x + slot * 0.08, top, slot * 0.84, Top + plotH - top, fill, "bar", color, value));
                    var labelAt = top;
                    if (p.Low is { } low && p.High is { } high)
                    {
                        g.Add(Whisker(mid, y(low), y(high), slot * 0.3));
                        labelAt = Math.Min(top, y(high));
                    }
                    // The value over its bar, so a bar too small to see beside a paper's still reads.
                    if (slot >= 20)
                    {
                        g.Add(Text(mid, labelAt - 4, Label(value), "middle", 9, null, "#333"));
                    }
                }
                else if (figure.Kind == FigureKind.Boxes && p.Box is { } box)
                {
                    g.Add(Whisker(mid, y(box.Min), y(box.Max), slot * 0.3));
                    var q3 = y(box.Q3);
                    g.Add(Rect(x + slot * 0.15, q3, slot * 0.7, Math.Max(1, y(box.Q1) - q3), fill, "box", color, box.Median));
                    g.Add(Line(x + slot * 0.15, y(box.Median), x + slot * 0.85, y(box.Median), "#222", 2));
                }
            }
            root.Add(g);
        }
    }

    private static XElement Legend(Figure figure, double top)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "legend"));
        var x = Left;
        var row = top;
        for (var i = 0; i < figure.Series.Count; i++)
        {
            var name = figure.Series[i].Name;
            var width = 24 + name.Length * 6.2;
            if (x + width > Width - Right)
            {
                x = Left;
                row += 16;
            }
            var fill = figure.Series[i].IsReference ? $"url(#{HatchId(figure, i)})" : SeriesColor(figure, i);
            g.Add(new XElement(Svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(row - 9)), new XAttribute("width", "12"), new XAttribute("height", "10"),
                    new XAttribute("fill", fill), new XAttribute("stroke", SeriesColor(figure, i))),
                Text(x + 16, row, name, "start", 11, null, "#333"));
            x += width;
        }
        return g;
    }

    /// <summary>
    /// The colour of <paramref name="figure"/>'s series <paramref name="index"/>, the same in the HTML report and on
    /// the page: ours take the palette in order; a reference series takes the colour of the series whose name it
    /// extends ("Success (paper 002)" that of "Success"), grey beside a single series of ours, else its own.
    /// </summary>
    public static string SeriesColor(Figure figure, int index)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var series = figure.Series[index];
        if (series.IsReference)
        {
            var ours = figure.Series.Where(s => !s.IsReference).ToList();
            var match = ours.FindIndex(s => series.Name.StartsWith(s.Name + " ", StringComparison.Ordinal));
            if (match >= 0)
            {
                return Palette[match % Palette.Count];
            }
            return ours.Count == 1 ? "#757575" : Palette[index % Palette.Count];
        }
        return Palette[figure.Series.Take(index).Count(s => !s.IsReference) % Palette.Count];
    }

    private static string HatchId(Figure figure, int index) => $"hatch-{figure.Id}-{index}";

    private static XElement? Hatch(Figure figure, int index) => !figure.Series[index].IsReference ? null :
        new XElement(Svg + "pattern", new XAttribute("id", HatchId(figure, index)), new XAttribute("patternUnits", "userSpaceOnUse"),
            new XAttribute("width", "6"), new XAttribute("height", "6"), new XAttribute("patternTransform", "rotate(45)"),
            new XElement(Svg + "rect", new XAttribute("width", "6"), new XAttribute("height", "6"), new XAttribute("fill", "#ffffff")),
            new XElement(Svg + "line", new XAttribute("x1", "0"), new XAttribute("y1", "0"), new XAttribute("x2", "0"), new XAttribute("y2", "6"),
                new XAttribute("stroke", SeriesColor(figure, index)), new XAttribute("stroke-width", "3")));

    private static XElement Whisker(double x, double yLow, double yHigh, double cap) => new(Svg + "g", new XAttribute("class", "whisker"),
        new XAttribute("data-low", F(yLow)), new XAttribute("data-high", F(yHigh)),
        Line(x, yLow, x, yHigh, "#222", 1.2), Line(x - cap / 2, yLow, x + cap / 2, yLow, "#222", 1.2), Line(x - cap / 2, yHigh, x + cap / 2, yHigh, "#222", 1.2));

    private static XElement Polyline(IEnumerable<string> points, string color, FigureSeries series) => new(Svg + "polyline",
        new XAttribute("points", string.Join(' ', points)), new XAttribute("fill", "none"), new XAttribute("stroke", color),
        new XAttribute("stroke-width", "2"), new XAttribute("data-series", series.Name),
        series.IsReference ? new XAttribute("stroke-dasharray", "5 3") : null);

    private static IEnumerable<double> YValues(Figure figure) => figure.Series.SelectMany(s => s.Points).SelectMany(p =>
        new[] { p.Y, p.High, p.Box?.Max }.OfType<double>()).Where(double.IsFinite);

    private static (double Min, double Max) XRange(Figure figure)
    {
        var xs = figure.Series.SelectMany(s => s.Points).Select(p => p.X).OfType<double>()
            .Concat(figure.Bands.Where(b => b.Axis == FigureAxis.X).SelectMany(b => new[] { b.From, b.To ?? b.From }))
            .Concat(figure.Markers.Select(m => m.X)).Where(double.IsFinite).ToList();
        return xs.Count == 0 ? (0, 1) : (Math.Min(0, xs.Min()), Math.Max(xs.Max(), xs.Min() + 1));
    }

    /// <summary>The axis top: the next round number (1, 2, 2.5, 5 × 10ⁿ) at or above the largest value; 1 when all are 0.</summary>
    internal static double NiceMax(double max)
    {
        if (!(max > 0))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= max * (1 - 1e-9))
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /// <summary>Five or so round ticks from 0 to <paramref name="max"/>.</summary>
    internal static IReadOnlyList<double> Ticks(double max)
    {
        var top = NiceMax(max);
        var step = NiceMax(top / 5);
        var ticks = new List<double>();
        for (var i = 0; i * step <= top * 1.0000001 && i <= 20; i++)
        {
            ticks.Add(Math.Round(i * step, 10));
        }
        return ticks;
    }

    /// <summary>The fill of a band's tone (very-good, good, medium, poor; before, during, after); light grey for any other.</summary>
    public static string ToneColor(string tone) => s_tones.GetValueOrDefault(tone, "#eeeeee");

    private static XElement Rect(double x, double y, double w, double h, string fill, string kind, string? stroke = null, double? value = null) => new(Svg + "rect",
        new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("width", F(Math.Max(0, w))), new XAttribute("height", F(Math.Max(0, h))),
        new XAttribute("fill", fill), new XAttribute("class", kind),
        stroke is null ? null : new XAttribute("stroke", stroke),
        value is null ? null : new XAttribute("data-value", F(value.Value)));

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width) => new(Svg + "line",
        Attrs(x1, y1, x2, y2), new XAttribute("stroke", stroke), new XAttribute("stroke-width", F(width)));

    private static XAttribute[] Attrs(double x1, double y1, double x2, double y2) =>
        [new("x1", F(x1)), new("y1", F(y1)), new("x2", F(x2)), new("y2", F(y2))];

    private static XElement Text(double x, double y, string text, string anchor, double size, string? weight = null, string fill = "#222") => new(Svg + "text",
        new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("text-anchor", anchor), new XAttribute("font-size", F(size)),
        new XAttribute("fill", fill), weight is null ? null : new XAttribute("font-weight", weight), text);

    /// <summary>An axis label: no more digits than the step needs.</summary>
    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 || value == Math.Round(value) ? "#,0" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>A bar's value in three significant digits ("0.639", "4,581", "0").</summary>
    internal static string Label(double value) => value == 0 ? "0"
        : Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 10 ? "0.#" : Math.Abs(value) >= 1 ? "0.##" : "0.###", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
