namespace BlueGreen.Core.Security;

/// <summary>What a signed-in person may do; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Every page and every read; no action.</summary>
    Viewer,
    /// <summary>Load tests, deployments (start, approve, abort, roll back, resolve), experiments, server states.</summary>
    Operator,
    /// <summary>Also API tokens, users' roles and the audit trail's export.</summary>
    Admin,
}

/// <summary>What an API token may do; a token has no role, only its scopes.</summary>
public enum Scope
{
    /// <summary>Every GET of the API.</summary>
    Read,
    /// <summary>Deployments (start, approve, abort, roll back, resolve) and server states.</summary>
    Deploy,
    /// <summary>Load tests (start, stop, delete).</summary>
    LoadTest,
    /// <summary>Experiments (start, pause, resume, cancel).</summary>
    Experiment,
}

/// <summary>One kind of call, as checked on every page action, circuit call and REST request.</summary>
public enum Permission
{
    Read,
    Deploy,
    LoadTest,
    Experiment,
    Admin,
}

public static class Permissions
{
    /// <summary>The role a person needs for <paramref name="permission"/>.</summary>
    public static Role RoleFor(Permission permission) => permission switch
    {
        Permission.Read => Role.Viewer,
        Permission.Admin => Role.Admin,
        _ => Role.Operator,
    };

    /// <summary>The scope a token needs for <paramref name="permission"/>; null when no token may (Admin).</summary>
    public static Scope? ScopeFor(Permission permission) => permission switch
    {
        Permission.Read => Scope.Read,
        Permission.Deploy => Scope.Deploy,
        Permission.LoadTest => Scope.LoadTest,
        Permission.Experiment => Scope.Experiment,
        _ => null,
    };

    public static bool Allows(Role role, Permission permission) => role >= RoleFor(permission);

    public static bool Allows(IEnumerable<Scope> scopes, Permission permission) => ScopeFor(permission) is { } scope && scopes.Contains(scope);

    /// <summary>The scope's name in configuration, the CLI and the API (<c>read</c>, <c>deploy</c>, <c>loadtest</c>, <c>experiment</c>).</summary>
    public static string Name(Scope scope) => scope.ToString().ToLowerInvariant();

    /// <summary>Parses <c>read,deploy</c>; unknown names are returned in <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<Scope> ParseScopes(string text, out IReadOnlyList<string> unknown)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scopes = new List<Scope>();
        var bad = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<Scope>(part, ignoreCase: true, out var scope) && Enum.IsDefined(scope) && !int.TryParse(part, out _))
            {
                scopes.Add(scope);
            }
            else
            {
                bad.Add(part);
            }
        }
        unknown = bad;
        return [.. scopes.Distinct()];
    }
}
