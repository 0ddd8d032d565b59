using BlueGreen.Core.Storage;
using LiteDB;

namespace BlueGreen.Core.Security;

/// <summary>A role an Admin set for a user on the Users page; it overrides the configured or provider-given one.</summary>
public sealed record UserRole
{
    /// <summary>The user's name, lowercased (the id).</summary>
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public Role Role { get; init; }
    public string SetBy { get; init; } = "";
    public DateTimeOffset SetAt { get; init; }
}

/// <summary>Role overrides (LiteDB <c>user_roles</c>), applied when a user signs in and on every later request.
/// Singleton; thread-safe.</summary>
public sealed class UserRoleStore
{
    private readonly ILiteCollection<UserRole> _roles;
    private readonly TimeProvider _timeProvider;

    public UserRoleStore(BlueGreenDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        _roles = database.Collection<UserRole>("user_roles");
        _timeProvider = timeProvider;
    }

    public IReadOnlyList<UserRole> List() => [.. _roles.FindAll().OrderBy(r => r.Id)];

    public Role? Find(string name) => _roles.FindById(name.ToLowerInvariant())?.Role;

    public UserRole Set(string name, Role role, string by)
    {
        var record = new UserRole { Id = name.ToLowerInvariant(), Name = name, Role = role, SetBy = by, SetAt = _timeProvider.GetUtcNow() };
        _roles.Upsert(record);
        return record;
    }

    /// <summary>Removes the override: the configured or provider-given role applies again.</summary>
    public bool Clear(string name) => _roles.Delete(name.ToLowerInvariant());
}
