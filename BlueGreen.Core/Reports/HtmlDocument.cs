using System.Globalization;
using System.Reflection;
using System.Xml.Linq;

namespace BlueGreen.Core.Reports;

/// <summary>
/// The frame every HTML report shares: one self-contained file (inline style and SVG; no script, font, image or link
/// that needs a network), readable on screen and printed to PDF (each section on its own page, no controls). Built
/// with <see cref="XElement"/>, so every text is escaped; the style sheet avoids the characters an XML text node
/// escapes (<c>&lt; &gt; &amp;</c>) because a browser reads a style element's content raw.
/// </summary>
public static class HtmlDocument
{
    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.45; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; border-bottom: 2px solid #1e88e5; padding-bottom: 4px; margin-top: 32px; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        .meta { color: #57606a; font-size: 13px; margin: 0; }
        .meta span { margin-right: 16px; white-space: nowrap; }
        table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
        th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: right; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        td.text, th.text { text-align: left; }
        .ref { color: #57606a; font-size: 12px; display: block; }
        .sig { background: #ffe2b3; font-weight: 600; }
        .ok { color: #1a7f37; }
        .bad { color: #cf222e; font-weight: 600; }
        .legend, .note { color: #57606a; font-size: 12px; }
        .answers li { margin: 4px 0; }
        figure { margin: 16px 0 24px; break-inside: avoid; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
        figcaption { font-size: 12px; color: #57606a; margin-top: 4px; }
        ol.markers { margin: 4px 0 0; padding-left: 20px; }
        .toggle-label { font-size: 13px; cursor: pointer; }
        .toggle:checked ~ .figures .ours-only { display: none; }
        .toggle:not(:checked) ~ .figures .with-reference { display: none; }
        .scroll { overflow-x: auto; }
        @media print {
          body { margin: 0; max-width: none; }
          section { break-before: page; }
          section.first { break-before: auto; }
          .toggle, .toggle-label, .no-print { display: none; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    /// <summary>BlueGreen's version as built (the informational version, e.g. <c>1.0.0+abc123</c>).</summary>
    public static string ToolVersion { get; } = ShortVersion(
        typeof(HtmlDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HtmlDocument).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary><c>1.0.0+c0d06a89126b…</c> as <c>1.0.0+c0d06a8</c>: the commit, as git abbreviates it.</summary>
    internal static string ShortVersion(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }

    /// <summary>The whole file: doctype, head (title, inline style) and <paramref name="body"/>.</summary>
    public static string Render(string title, IEnumerable<object?> body)
    {
        var html = new XElement("html", new XAttribute("lang", "en"),
            new XElement("head",
                new XElement("meta", new XAttribute("charset", "utf-8")),
                new XElement("meta", new XAttribute("name", "viewport"), new XAttribute("content", "width=device-width, initial-scale=1")),
                new XElement("meta", new XAttribute("name", "generator"), new XAttribute("content", $"BlueGreen {ToolVersion}")),
                new XElement("title", title),
                new XElement("style", Style)),
            new XElement("body", body));
        // SVG elements keep their namespace; HTML5 parsers read an inline <svg xmlns=...> as SVG.
        return "<!DOCTYPE html>\n" + html.ToString(SaveOptions.DisableFormatting);
    }

    public static XElement Section(string id, string title, params object?[] content)
        => new("section", new XAttribute("id", id), new XElement("h2", title), content);

    /// <summary>A table: a header row, then rows of cells (a string, or an <see cref="XElement"/> td/th made by <see cref="Cell"/>).</summary>
    public static XElement Table(string? testId, IEnumerable<object> header, IEnumerable<IEnumerable<object?>> rows)
        => new("div", new XAttribute("class", "scroll"),
            new XElement("table", testId is null ? null : new XAttribute("data-table", testId),
                new XElement("thead", new XElement("tr", header.Select(h => h as XElement ?? new XElement("th", h)))),
                new XElement("tbody", rows.Select(r => new XElement("tr", r.Select(c => c as XElement ?? new XElement("td", c?.ToString() ?? "–")))))));

    public static XElement Cell(object? content, string? cssClass = null, string? title = null)
        => new("td", cssClass is null ? null : new XAttribute("class", cssClass), title is null ? null : new XAttribute("title", title), content ?? "–");

    public static XElement TextCell(object? content) => Cell(content, "text");

    public static XElement Meta(params (string Label, string? Value)[] items)
        => new("p", new XAttribute("class", "meta"), items.Where(i => i.Value is not null).Select(i => new XElement("span", $"{i.Label}: {i.Value}")));

    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>A figure: the chart without the paper's series, and (when it has any) with them, switched by the
    /// report's "show the paper beside ours" box (CSS only); its caption under it.</summary>
    public static XElement Figure(Figure figure)
    {
        var hasReference = figure.Series.Any(s => s.IsReference);
        var ours = hasReference ? figure with { Series = [.. figure.Series.Where(s => !s.IsReference)] } : figure;
        return new XElement("figure", new XAttribute("id", $"figure-{figure.Id}"),
            new XElement("div", new XAttribute("class", hasReference ? "ours-only" : "chart"), SvgFigureRenderer.Render(ours)),
            hasReference ? new XElement("div", new XAttribute("class", "with-reference"), SvgFigureRenderer.Render(figure)) : null,
            new XElement("figcaption", figure.Caption + (figure.PaperFigure is { } paper ? $" As {paper}." : ""),
                figure.Markers.Count == 0 ? null : new XElement("ol", new XAttribute("class", "markers"),
                    figure.Markers.Select(m => new XElement("li", $"{m.X.ToString("0.0", CultureInfo.InvariantCulture)} s: {m.Label}")))));
    }

    /// <summary>The checkbox that shows the papers' series in every figure after it (CSS only, no script).</summary>
    public static IEnumerable<XElement> ReferenceToggle(string paper) =>
    [
        new XElement("input", new XAttribute("type", "checkbox"), new XAttribute("id", "show-reference"), new XAttribute("class", "toggle")),
        new XElement("label", new XAttribute("for", "show-reference"), new XAttribute("class", "toggle-label"), $" Show {paper}'s numbers beside ours in the charts"),
    ];
}
