using System.Reflection;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using LiteDB;

namespace BlueGreen.Tests.Storage;

/// <summary>The data file's handle after LiteDB gave up on it by itself (a background write failed).</summary>
public sealed class BlueGreenDatabaseTests : IDisposable
{
    private readonly string _folder = Integration.TempFolder("database");

    public sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EngineClosedItselfAfterABackgroundWriteFailed_NextCallOpensTheFileAgain_NotTheOldError()
    {
        using var database = new BlueGreenDatabase(Path.Combine(_folder, "bluegreen.db"));
        var notes = database.Collection<Note>("notes");
        notes.Insert(new Note { Text = "before" });

        // What LiteDB 5's disk writer does when a write it queued fails (ENOSPC): EngineState.Handle stores the error,
        // closes the engine, and every later call on that engine throws the stored error from Validate().
        var state = EngineStateOf(database);
        var handle = state.GetType().GetMethod("Handle", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
        try
        {
            handle.Invoke(state, [new IOException("No space left on device (as a failed background write)")]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is IOException)
        {
            // Some LiteDB 5 versions rethrow it to the writer; the engine is closed either way.
        }
        Assert.True((bool)state.GetType().GetField("Disposed")!.GetValue(state)!);

        notes.Insert(new Note { Text = "after" });

        Assert.Equal(1, database.Reopened);
        Assert.Equal(["before", "after"], notes.FindAll().Select(n => n.Text));
    }

    [Fact]
    public void LiteDbInternalsTheDatabaseReads_ExistInThisLiteDb()
    {
        using var lite = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_folder, "probe.db"), Connection = ConnectionType.Direct });
        lite.GetCollection<Note>("notes").Insert(new Note { Text = "queued" });

        var state = LiteDbInternals.StateOf(lite);
        Assert.NotNull(state);
        Assert.False(LiteDbInternals.IsDisposed(state));
        Assert.NotNull(state.GetType().GetField("_exception", BindingFlags.Instance | BindingFlags.NonPublic));
        Assert.NotNull(state.GetType().GetField("Disposed", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic));
        Assert.Null(LiteDbInternals.ErrorOf(state));
        Assert.NotNull(LiteDbInternals.OpenTransactions(lite));
        var empty = LiteDbInternals.QueueIsEmpty(lite);
        Assert.NotNull(empty);
        Assert.True(empty.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    /// <summary>LiteDatabase._engine._state: the reflection path BlueGreenDatabase reads (it must exist in this LiteDB).</summary>
    private static object EngineStateOf(BlueGreenDatabase database)
    {
        const BindingFlags Field = BindingFlags.Instance | BindingFlags.NonPublic;
        var lite = (LiteDatabase)typeof(BlueGreenDatabase).GetField("_database", Field)!.GetValue(database)!;
        var engine = typeof(LiteDatabase).GetField("_engine", Field)!.GetValue(lite)!;
        var state = engine.GetType().GetField("_state", Field)!.GetValue(engine)!;
        Assert.NotNull(state.GetType().GetField("Disposed", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic));
        return state;
    }
}
