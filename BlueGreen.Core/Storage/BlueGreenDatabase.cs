using LiteDB;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Storage;

/// <summary>
/// The one LiteDB file (<c>{DataFolder}/bluegreen.db</c>) for deployments, their logs and events, load tests,
/// experiments, the audit trail. Singleton; LiteDB serialises writes itself, and every write is journalled, so a crash
/// loses nothing committed. No secrets are stored here: SSH keys and passwords stay in files and environment variables.
/// <para>
/// Failures are named, never hidden. At start: a file another dashboard (or any process) holds, and a file that is
/// not a readable database, throw <see cref="DataFileException"/> saying which file and what to do; a broken file is
/// never replaced by a new empty one. While running: a write that fails (disk full, file removed) throws
/// <see cref="DataFileException"/> to its caller, and the next call opens the file again (LiteDB's file handle does
/// not recover from a failed write even once space is free), so the dashboard carries on once the cause is fixed,
/// without a restart and with everything committed before kept.
/// </para>
/// </summary>
public sealed class BlueGreenDatabase : IDisposable
{
    private readonly Lock _lock = new();
    private readonly FileStream _holder;
    private LiteDatabase? _database;
    private bool _disposed;

    public BlueGreenDatabase(IOptions<BlueGreenOptions> options)
        : this(Path.Combine(options.Value.DataFolderPath, "bluegreen.db"))
    {
    }

    public BlueGreenDatabase(string path)
    {
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        // Keep strings as written: LiteDB's defaults turn "" into null and trim whitespace (log lines need both).
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        mapper.RegisterType(v => new BsonValue(v.UtcTicks), b => new DateTimeOffset(b.AsInt64, TimeSpan.Zero));
        mapper.RegisterType(v => new BsonValue(v.Ticks), b => new TimeSpan(b.AsInt64));
        Mapper = mapper;
        _holder = Hold(FilePath);
        try
        {
            _database = Open();
        }
        catch
        {
            _holder.Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    /// <summary>How documents map to types; a store registers the conversions its own types need before it reads.</summary>
    public BsonMapper Mapper { get; }

    /// <summary>How many times the file was opened again after a failed write.</summary>
    public int Reopened { get; private set; }

    /// <summary>
    /// A collection whose every call goes to the file as open now (opened again after a failed write); a failure
    /// reading or writing the file comes out as <see cref="DataFileException"/>.
    /// </summary>
    public ILiteCollection<T> Collection<T>(string name) => StoredCollection<T>.Create(this, name);

    /// <summary>
    /// Runs <paramref name="call"/> on the open database; opens it first when a failed write closed it. A call that
    /// <paramref name="writes"/> returns only once LiteDB's writer has handed its pages to the operating system: LiteDB 5
    /// writes the journal from a background task, and a write that fails there (disk full) would otherwise be lost
    /// without its caller knowing, and be thrown at whichever caller comes next.
    /// </summary>
    internal TResult Use<TResult>(Func<LiteDatabase, TResult> call, bool writes = false)
    {
        var database = Current();
        try
        {
            var result = call(database);
            if (writes)
            {
                AwaitWritten(database);
            }
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException || ex is LiteException { ErrorCode: LiteException.DATABASE_SHUTDOWN })
        {
            Close(database);
            throw Unwritable(ex);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _database?.Dispose();
            _database = null;
            _holder.Dispose();
        }
    }

    private LiteDatabase Current()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_database is not null && ClosedItself(_database))
            {
                // A write LiteDB made in the background failed (disk full): the engine closed itself and would throw that
                // old error to every caller, also once space is back. Open the file again instead.
                Abandon(_database);
                _database = null;
            }
            if (_database is null)
            {
                try
                {
                    _database = Open();
                }
                catch (DataFileException)
                {
                    throw;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw Unwritable(ex);
                }
                Reopened++;
            }
            return _database;
        }
    }

    private void Close(LiteDatabase failed)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_database, failed))
            {
                return;
            }
            _database = null;
        }
        Abandon(failed);
    }

    private static void Abandon(LiteDatabase failed)
    {
        // Its open transactions are abandoned with their dirty pages: LiteDB's finalizer would discard them and throw on
        // the finalizer thread ("discarded page must be writable"), which ends the process. Nobody finalizes them.
        SuppressFinalizers(failed);
        try
        {
            failed.Dispose();
        }
        catch (Exception ex) when (ex is IOException or LiteException or ObjectDisposedException)
        {
            // Its handle failed already; what it had committed is in the journal, which the next open replays.
        }
    }

    /// <summary>
    /// Whether LiteDB closed the engine itself after a background write failed (LiteDB 5's <c>EngineState.Disposed</c>).
    /// LiteDB's internals are read by reflection (<see cref="LiteDbInternals"/>): false when the library no longer has
    /// them, and a failed call then opens the file again as before.
    /// </summary>
    private static bool ClosedItself(LiteDatabase database) => LiteDbInternals.StateOf(database) is { } state && LiteDbInternals.IsDisposed(state);

    /// <summary>
    /// Waits (bounded) until LiteDB's journal writer has handed every page queued so far to the operating system (the
    /// writer syncs the file to disk after that, on its own), and throws to this caller when it cannot: the writer
    /// failed (LiteDB then closes the engine by itself; LiteDB 5 acknowledges a commit once its pages are queued), or
    /// it did not get there within <see cref="WriteWait"/>.
    /// </summary>
    private static void AwaitWritten(LiteDatabase database)
    {
        if (LiteDbInternals.StateOf(database) is not { } state || LiteDbInternals.QueueIsEmpty(database) is not { } empty)
        {
            return;
        }
        var deadline = Environment.TickCount64 + (long)WriteWait.TotalMilliseconds;
        // The writer sets the event once the queue is drained, and never again after a failure: poll the state too.
        while (!empty.Wait(20))
        {
            if (LiteDbInternals.IsDisposed(state))
            {
                var error = LiteDbInternals.ErrorOf(state);
                throw error as IOException ?? new IOException($"LiteDB closed the data file after a failed write{(error is null ? "" : $": {error.Message}")}.", error);
            }
            if (Environment.TickCount64 >= deadline)
            {
                throw new IOException($"LiteDB's writer did not write the journal within {WriteWait.TotalSeconds:0} s (a disk that does not answer?).");
            }
        }
    }

    /// <summary>How long a write waits for LiteDB's writer at most (a slow disk, not a failed one).</summary>
    private static readonly TimeSpan WriteWait = TimeSpan.FromSeconds(30);

    private static void SuppressFinalizers(LiteDatabase database)
    {
        if (LiteDbInternals.OpenTransactions(database) is { } transactions)
        {
            lock (transactions.SyncRoot)
            {
                foreach (var transaction in transactions.Values)
                {
                    GC.SuppressFinalize(transaction!);
                }
            }
        }
    }

    /// <summary>Opens the file and reads every collection's first page: a file that is not a database says so now.</summary>
    private LiteDatabase Open()
    {
        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }, Mapper);
            foreach (var name in database.GetCollectionNames().ToList())
            {
                _ = database.GetCollection(name).Query().Limit(1).ToList();
            }
            return database;
        }
        catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException))
        {
            database?.Dispose();
            throw new DataFileException(FilePath,
                $"The data file {FilePath} is not a readable BlueGreen database ({ex.GetType().Name}: {ex.Message}). Nothing was changed and " +
                $"no new database was made in its place. To recover: stop the dashboard, keep a copy of {FilePath} (and {LogPath} if present), then " +
                $"either restore both from your last backup, or move them aside (mv {FilePath} {FilePath}.broken) to start with an empty " +
                "database; the history they held is then gone from the dashboard.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            database?.Dispose();
            throw new DataFileException(FilePath,
                $"The data file {FilePath} cannot be opened: {ex.Message.TrimEnd('.')}. If another process holds it (a backup tool, another " +
                "dashboard), stop that process; otherwise check that the user running the dashboard may read and write the file " +
                "and its folder, and that the disk has free space. Or set BlueGreen:DataFolder to another folder.", ex);
        }
    }

    private string LogPath => Path.Combine(Path.GetDirectoryName(FilePath)!, Path.GetFileNameWithoutExtension(FilePath) + "-log" + Path.GetExtension(FilePath));

    private DataFileException Unwritable(Exception ex) => new(FilePath,
        $"Could not read or write the data file {FilePath}: {ex.Message.TrimEnd('.')}. Free space on its disk (df -h {Path.GetDirectoryName(FilePath)}) " +
        "or fix its permissions; the dashboard opens the file again on its next write, and nothing committed before is lost.", ex);

    /// <summary>
    /// Holds <c>bluegreen.db.lock</c> beside the file for as long as this dashboard runs (an exclusive lock: a second
    /// dashboard on the same data folder would write the same file from two processes, which LiteDB does not lock on Linux).
    /// </summary>
    private static FileStream Hold(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataFileException(path,
                $"The data file {path} is in use by another dashboard ({path}.lock is held: {ex.Message.TrimEnd('.')}). Only one dashboard may " +
                "use a data folder. Stop the other one, or give this one its own folder with BlueGreen:DataFolder " +
                "(or --BlueGreen:DataFolder=PATH).", ex);
        }
    }
}
