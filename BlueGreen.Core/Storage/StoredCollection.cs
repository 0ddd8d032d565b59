using System.Reflection;
using System.Runtime.ExceptionServices;
using LiteDB;

namespace BlueGreen.Core.Storage;

/// <summary>
/// An <see cref="ILiteCollection{T}"/> that forwards every call to the collection of the database as open now, through
/// <see cref="BlueGreenDatabase.Use"/>: after a failed write the file is opened again, and stores that took their
/// collections at start keep working. (Queries started before a reopen finish on the handle they began on.)
/// </summary>
#pragma warning disable CA1812 // created by DispatchProxy
internal class StoredCollection<T> : DispatchProxy
#pragma warning restore CA1812
{
    private BlueGreenDatabase _database = null!;
    private string _name = "";

    public static ILiteCollection<T> Create(BlueGreenDatabase database, string name)
    {
        var proxy = DispatchProxy.Create<ILiteCollection<T>, StoredCollection<T>>();
        var self = (StoredCollection<T>)(object)proxy;
        self._database = database;
        self._name = name;
        return proxy;
    }

    // The calls that change the file (the rest only read it).
    private static readonly HashSet<string> s_writes =
        ["Insert", "InsertBulk", "Update", "UpdateMany", "Upsert", "Delete", "DeleteMany", "DeleteAll", "EnsureIndex", "DropIndex"];

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _database.Use(
            database =>
        {
            try
            {
                return targetMethod.Invoke(database.GetCollection<T>(_name), args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        },
            writes: s_writes.Contains(targetMethod.Name));
    }
}
