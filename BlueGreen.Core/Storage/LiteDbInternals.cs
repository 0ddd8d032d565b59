using System.Reflection;
using LiteDB;

namespace BlueGreen.Core.Storage;

/// <summary>
/// The few LiteDB 5 internals <see cref="BlueGreenDatabase"/> needs to fail loudly and recover, read by reflection
/// (LiteDB 5.0.20: <c>LiteDatabase._engine</c>, <c>LiteEngine._state</c> / <c>_disk</c> / <c>_monitor._transactions</c>, <c>EngineState.Disposed</c> /
/// <c>_exception</c>, <c>DiskService._queue</c>, <c>DiskWriterQueue._queueIsEmpty</c>). Each answers null when the
/// library no longer has the member; <c>BlueGreenDatabaseTests</c> fails then, so an upgrade cannot drop them silently.
/// </summary>
internal static class LiteDbInternals
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly FieldInfo? s_engine = typeof(LiteDatabase).GetField("_engine", Members);

    /// <summary>The engine's state (LiteDB's <c>EngineState</c>), or null.</summary>
    public static object? StateOf(LiteDatabase database) => Field(EngineOf(database), "_state");

    public static bool IsDisposed(object state) => Field(state, "Disposed") is true;

    /// <summary>The error that made LiteDB close the engine itself, or null.</summary>
    public static Exception? ErrorOf(object state) => Field(state, "_exception") as Exception;

    /// <summary>Set while no page waits for LiteDB's journal writer; null before its first write (or if not found).</summary>
    public static ManualResetEventSlim? QueueIsEmpty(LiteDatabase database)
    {
        // DiskService._queue is a Lazy<DiskWriterQueue> (an internal type): IsValueCreated and Value by reflection.
        if (Field(Field(EngineOf(database), "_disk"), "_queue") is not { } lazy)
        {
            return null;
        }
        var type = lazy.GetType();
        if (type.GetProperty("IsValueCreated")?.GetValue(lazy) is not true)
        {
            return null;
        }
        return Field(type.GetProperty("Value")?.GetValue(lazy), "_queueIsEmpty") as ManualResetEventSlim;
    }

    /// <summary>The engine's open transactions (LiteDB's <c>TransactionMonitor._transactions</c>), or null.</summary>
    public static System.Collections.IDictionary? OpenTransactions(LiteDatabase database)
        => Field(Field(EngineOf(database), "_monitor"), "_transactions") as System.Collections.IDictionary;

    private static object? EngineOf(LiteDatabase database) => s_engine?.GetValue(database);

    private static object? Field(object? owner, string name) => owner?.GetType().GetField(name, Members)?.GetValue(owner);
}
