using LiteDB;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Storage;

/// <summary>
/// The one LiteDB file (<c>{DataFolder}/bluegreen.db</c>) for deployments, their logs and events, and load tests.
/// Singleton; LiteDB serialises writes itself, and every write is journalled, so a crash loses nothing committed.
/// No secrets are stored here: SSH keys and passwords stay in files and environment variables.
/// </summary>
public sealed class BlueGreenDatabase : IDisposable
{
    private readonly LiteDatabase _database;

    public BlueGreenDatabase(IOptions<BlueGreenOptions> options)
        : this(Path.Combine(options.Value.DataFolderPath, "bluegreen.db"))
    {
    }

    public BlueGreenDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FilePath = path;
        // Keep strings as written: LiteDB's defaults turn "" into null and trim whitespace (log lines need both).
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        mapper.RegisterType(v => new BsonValue(v.UtcTicks), b => new DateTimeOffset(b.AsInt64, TimeSpan.Zero));
        mapper.RegisterType(v => new BsonValue(v.Ticks), b => new TimeSpan(b.AsInt64));
        _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, mapper);
        Mapper = mapper;
    }

    public string FilePath { get; }

    /// <summary>How documents map to types; a store registers the conversions its own types need before it reads.</summary>
    public BsonMapper Mapper { get; }

    public ILiteCollection<T> Collection<T>(string name) => _database.GetCollection<T>(name);

    public void Dispose() => _database.Dispose();
}
