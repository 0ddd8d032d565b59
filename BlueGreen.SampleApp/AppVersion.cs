using System.Text.RegularExpressions;

namespace BlueGreen.SampleApp;

/// <summary>The version the sample service was started with, and the behaviour it implies.</summary>
/// <param name="Text">As given on the command line, e.g. <c>2.1.0</c> or <c>1.0.1-broken</c>.</param>
/// <param name="Major">The first number of the version.</param>
public sealed partial record AppVersion(string Text, int Major)
{
    /// <summary>A build that passes <c>/health</c> but fails every item route with 500, so only a smoke test
    /// (not a health check) catches it.</summary>
    public bool IsBroken => Text.EndsWith("-broken", StringComparison.OrdinalIgnoreCase);

    /// <summary>2.x adds categories, <c>?search=</c> / <c>?category=</c> filtering and <c>/item/stats</c>.</summary>
    public bool HasCatalogFeatures => Major >= 2;

    /// <summary>Parses <c>major[.minor[.patch[.build]]][-suffix]</c>; null when <paramref name="text"/> is not one.</summary>
    public static AppVersion? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var match = VersionPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["major"].Value, out var major))
        {
            return null;
        }
        return new AppVersion(text, major);
    }

    [GeneratedRegex(@"^(?<major>\d{1,6})(\.\d{1,9}){0,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?$")]
    private static partial Regex VersionPattern();
}
