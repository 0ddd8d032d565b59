using System.Text.RegularExpressions;

namespace BlueGreen.Core.Deployment;

/// <summary>What a version name may contain. Checked before anything runs, because versions reach shell commands.</summary>
public static partial class VersionRules
{
    /// <summary>Returns why <paramref name="version"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return "is empty; give a version such as \"2.0.0\".";
        }
        if (!Pattern().IsMatch(version))
        {
            return $"'{version}' must be 1-64 letters, digits, '.', '_', '-' or '+', not starting with '.' or '-'.";
        }
        return null;
    }

    /// <summary>True for lab versions that are built to fail their smoke tests (e.g. <c>3.0.0-broken</c>).</summary>
    public static bool IsBroken(string version) => version.EndsWith("-broken", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9_+][A-Za-z0-9._+-]{0,63}$")]
    private static partial Regex Pattern();
}
