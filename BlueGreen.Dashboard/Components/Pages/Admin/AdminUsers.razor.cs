using BlueGreen.Core;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Components.Pages.Admin;

/// <summary>One name on the Users page: its configured role (null for a provider's user or <c>console</c>), the
/// override set here, and the role that applies (null when the identity provider decides).</summary>
public sealed record UserRow(string Name, Role? Configured, UserRole? Override)
{
    public Role? Effective => Override?.Role ?? Configured;
}

/// <summary>
/// Users and roles: the configured users with the role that applies to each, and the overrides set here for other
/// names. Setting and clearing an override asks first, is Admin-only on the server and recorded as <c>user.role</c>
/// (target the name, detail the new role). An Admin cannot lower their own role, so nobody locks everyone out.
/// </summary>
public sealed partial class AdminUsers : AdminPage
{
    private IReadOnlyList<UserRow> _rows = [];
    private string? _name;
    private Role _role = Role.Viewer;

    [Inject]
    public required UserRoleStore Roles { get; init; }

    [Inject]
    public required IOptions<BlueGreenOptions> Options { get; init; }

    protected override void OnInitialized() => Load();

    /// <summary>Configured users in their order, then overrides for names not configured, by name.</summary>
    public static IReadOnlyList<UserRow> Rows(IEnumerable<UserOptions> users, IReadOnlyList<UserRole> overrides)
    {
        var configured = users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        UserRole? OverrideOf(string name) => overrides.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
        return
        [
            .. configured.Select(u => new UserRow(u.Name, u.Role, OverrideOf(u.Name))),
            .. overrides.Where(o => !configured.Any(u => string.Equals(u.Name, o.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(o => new UserRow(o.Name, null, o)),
        ];
    }

    private void Load() => _rows = Rows(Options.Value.Auth.Users, Roles.List());

    private UserRow RowOf(string name) => _rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) ?? new UserRow(name, null, null);

    private bool IsMe(string name) => string.Equals(name, Access.Name, StringComparison.OrdinalIgnoreCase);

    private void Edit(UserRow row)
    {
        _name = row.Name;
        _role = row.Effective ?? Role.Viewer;
    }

    private async Task SetAsync()
    {
        var name = _name?.Trim() ?? "";
        var role = _role;
        if (!await ConfirmAsync("Set role", $"Make {(name.Length == 0 ? "(no name)" : name)} {role}? It applies from their next request.", "Set role"))
        {
            return;
        }
        await RunAsync("user.role", name, () =>
        {
            if (name.Length == 0)
            {
                throw new ArgumentException("Name is empty; give the user's name as they sign in, e.g. alice.");
            }
            if (IsMe(name) && role < Role.Admin)
            {
                throw new InvalidOperationException($"You cannot lower your own role (to {role}): nobody might be left to manage access. Ask another Admin.");
            }
            Roles.Set(name, role, Access.Name);
            return role.ToString();
        }, $"{name} is {role} now.");
        Load();
    }

    private async Task ClearAsync(UserRow row)
    {
        var after = row.Configured?.ToString() ?? "the identity provider's (or the console link's)";
        if (!await ConfirmAsync("Clear override", $"Clear the role set for {row.Name}? Their role is {after} again.", "Clear"))
        {
            return;
        }
        await RunAsync("user.role", row.Name, () =>
        {
            if (IsMe(row.Name) && RowOf(row.Name).Configured is not Role.Admin)
            {
                throw new InvalidOperationException($"You cannot clear your own override: your role would be {after}, lower than Admin. Ask another Admin.");
            }
            return Roles.Clear(row.Name)
                ? $"cleared; {row.Configured?.ToString() ?? "provider"}"
                : throw new InvalidOperationException($"{row.Name} has no role set here (any more); reload the page.");
        }, $"Override of {row.Name} cleared: {after} again.");
        Load();
    }
}
