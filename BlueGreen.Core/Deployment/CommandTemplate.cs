using System.Text;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// A configured deploy command with placeholders, e.g. <c>/opt/app/deploy.sh {version} --site {site}</c>.
/// Each value is POSIX-shell-quoted when substituted (<c>'...'</c>, with <c>'</c> written as <c>'\''</c>), so a value
/// is always exactly one word to the shell, whatever it contains. Rules checked by <see cref="Parse"/>:
/// <list type="bullet">
/// <item>placeholders are <c>{version} {environment} {group} {site} {server} {host}</c>; any other
///   <c>{name}</c> is an error that names it;</item>
/// <item>a placeholder inside <c>'...'</c> or <c>"..."</c> is an error: quoting it again would change its meaning
///   (inside double quotes, <c>$(...)</c> in a value would run);</item>
/// <item><c>$'…'</c> (ANSI-C quoting) is an error: its <c>\'</c> escapes would let a value end the quoting;</item>
/// <item><c>{{</c> and <c>}}</c> are literal braces; <c>${NAME}</c> is left to the shell, braces that do not
///   enclose a name (<c>awk '{print $1}'</c>, <c>{a,b}</c>) are literal.</item>
/// </list>
/// Immutable and thread-safe.
/// </summary>
public sealed class CommandTemplate
{
    /// <summary>The placeholder names, without braces.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["version", "environment", "group", "site", "server", "host"];

    // Literal text (Name null) or a placeholder (Name set), in order.
    private readonly IReadOnlyList<(string Text, string? Name)> _parts;

    private CommandTemplate(string text, IReadOnlyList<(string Text, string? Name)> parts)
    {
        Text = text;
        _parts = parts;
        UsedPlaceholders = parts.Where(p => p.Name is not null).Select(p => p.Name!).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The template as configured.</summary>
    public string Text { get; }

    /// <summary>The placeholders the template uses, in order of first use.</summary>
    public IReadOnlyList<string> UsedPlaceholders { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Unknown placeholders (all named), or placeholders inside quotes.</exception>
    public static CommandTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> lists every problem (for
    /// options validation, which reports all problems at once).</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CommandTemplate? template, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string, string?)>();
        var literal = new StringBuilder();
        var unknown = new List<string>();
        var problems = new List<string>();
        var quote = '\0'; // the open shell quote: '\'' or '"', or '\0' outside quotes
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && At(text, i + 1) == '{' || c == '}' && At(text, i + 1) == '}')
            {
                literal.Append(c);
                i++;
                continue;
            }
            if (c == '{' && NameAt(text, i + 1) is { } name && At(text, i + 1 + name.Length) == '}')
            {
                var isShellVariable = i > 0 && text[i - 1] == '$';
                if (isShellVariable && !Placeholders.Contains(name))
                {
                    literal.Append(c); // ${NAME}: the shell's own parameter expansion
                    continue;
                }
                if (isShellVariable)
                {
                    problems.Add($"'${{{name}}}' at position {i} is a shell variable, not the placeholder; write {{{name}}} without '$'");
                }
                else if (!Placeholders.Contains(name))
                {
                    unknown.Add("{" + name + "}");
                }
                else if (quote != '\0')
                {
                    problems.Add($"placeholder {{{name}}} at position {i} is inside {(quote == '\'' ? "single" : "double")} quotes; " +
                        "values are quoted when substituted, so write it outside quotes");
                }
                parts.Add((literal.ToString(), null));
                literal.Clear();
                parts.Add(("", name));
                i += name.Length + 1;
                continue;
            }

            if (quote == '\0' && c == '$' && At(text, i + 1) == '\'')
            {
                // $'…' (ANSI-C quoting) reads \' as a quote inside the string, which this parser and the quoting of
                // substituted values do not: a value could close it and run as shell text.
                problems.Add($"$'…' (ANSI-C quoting) at position {i} is not supported: its \\' escapes would let a substituted value end the quoting; use '…' or \"…\"");
            }
            literal.Append(c);
            if (quote == '\'')
            {
                quote = c == '\'' ? '\0' : quote;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                literal.Append(text[++i]); // an escaped character never opens or closes a quote
            }
            else if (quote == '"')
            {
                quote = c == '"' ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
        }
        parts.Add((literal.ToString(), null));

        if (unknown.Count > 0)
        {
            problems.Insert(0, $"unknown placeholder(s) {string.Join(", ", unknown.Distinct(StringComparer.Ordinal))}; known: " +
                $"{string.Join(", ", Placeholders.Select(p => "{" + p + "}"))} (write {{{{ or }}}} for a literal brace)");
        }
        if (problems.Count > 0)
        {
            template = null;
            error = $"Command template `{text}`: {string.Join("; ", problems)}.";
            return false;
        }
        template = new CommandTemplate(text, parts.Where(p => p.Item1.Length > 0 || p.Item2 is not null).ToList());
        error = "";
        return true;
    }

    /// <summary>Substitutes every placeholder with its shell-quoted value.</summary>
    /// <param name="values">Value per placeholder name (without braces); every used placeholder needs one.</param>
    /// <exception cref="ArgumentException">A used placeholder has no value, a key is not a placeholder name, or a
    /// value contains a NUL character (a shell word cannot hold one).</exception>
    public string Expand(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var strange = values.Keys.Where(k => !Placeholders.Contains(k)).ToList();
        if (strange.Count > 0)
        {
            throw new ArgumentException($"Not placeholder names: {string.Join(", ", strange)}; known: {string.Join(", ", Placeholders)}.", nameof(values));
        }
        var missing = UsedPlaceholders.Where(p => !values.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Command template `{Text}` needs a value for {string.Join(", ", missing.Select(p => "{" + p + "}"))}.", nameof(values));
        }
        var expanded = new StringBuilder();
        foreach (var (text, name) in _parts)
        {
            expanded.Append(name is null ? text : Quote(values[name], name));
        }
        return expanded.ToString();
    }

    /// <summary>POSIX shell single-quoting: the result is one shell word whose value is exactly
    /// <paramref name="value"/> (the empty string becomes <c>''</c>).</summary>
    /// <exception cref="ArgumentException">The value contains a NUL character.</exception>
    public static string Quote(string value) => Quote(value, nameof(value));

    private static string Quote(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The value for {name} contains a NUL character, which a shell word cannot hold.", nameof(value));
        }
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The template text.</summary>
    public override string ToString() => Text;

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    private static string? NameAt(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }
        return end > start && !char.IsAsciiDigit(text[start]) ? text[start..end] : null;
    }
}
