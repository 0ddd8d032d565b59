namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Validates backend and server names before they go into a runtime API command. HAProxy itself accepts only
/// letters, digits and <c>-_.:</c> in proxy and server names, so anything else is a configuration mistake or an
/// attempt to smuggle a second command into the CLI.
/// </summary>
public static class HaProxyNames
{
    /// <summary>True when <paramref name="name"/> is a non-empty name of ASCII letters, digits and <c>-_.:</c>.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="what"/> (e.g. "server") and the value
    /// when <paramref name="name"/> is not valid.</summary>
    public static void ThrowIfInvalid(string? name, string what, string paramName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid HAProxy {what} name: use only letters, digits and - _ . :", paramName);
        }
    }
}
