using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// The rule for version names an operator or a CI pipeline may deploy. Versions end up in paths, file names and
/// commands on servers, so the rule is strict: no spaces, slashes, quotes or shell characters, and no leading
/// <c>-</c> (read as an option) or <c>.</c> (hidden files, <c>..</c>).
/// </summary>
public static partial class VersionName
{
    /// <summary>The rule in words, for forms and API errors.</summary>
    public const string Rule = "1 to 64 characters from A-Z a-z 0-9 . _ + -, not starting with '-' or '.'";

    /// <summary>Returns <see langword="null"/> when <paramref name="value"/> is a valid version name, otherwise a
    /// message that names <paramref name="field"/>, shows the value (control characters escaped) and states the rule.</summary>
    public static string? Validate(string? value, string field = "version")
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{field} is required: {Rule}.";
        }
        if (!Pattern().IsMatch(value))
        {
            return $"{field} '{Printable(value)}' is not a valid version name: {Rule}.";
        }
        if (value[0] is '-' or '.')
        {
            return $"{field} '{Printable(value)}' must not start with '{value[0]}': {Rule}.";
        }
        return null;
    }

    /// <summary>True when <paramref name="value"/> passes <see cref="Validate"/>.</summary>
    public static bool IsValid(string? value) => Validate(value) is null;

    // \z, not $: in .NET '$' also matches before a final newline, which would let "1.0\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9._+-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    // Echo the value without letting it break a log line or a message: escape control characters, cap the length.
    private static string Printable(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return value.Length > 80 ? text + "..." : text.ToString();
    }
}
