using System.Globalization;
using BlueGreen.Core.Storage;
using CsvHelper;
using LiteDB;

namespace BlueGreen.Core.Security;

/// <summary>
/// The audit trail (LiteDB <c>audit</c>): append and read, nothing else. There is no update and no delete here, so
/// no part of the dashboard can rewrite what happened. Each append is one journalled insert, written before the
/// caller is answered. Singleton; thread-safe.
/// </summary>
public sealed class AuditLog
{
    private readonly ILiteCollection<AuditEntry> _entries;
    private readonly TimeProvider _timeProvider;

    public AuditLog(BlueGreenDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        _entries = database.Collection<AuditEntry>("audit");
        _entries.EnsureIndex(e => e.At);
        _entries.EnsureIndex(e => e.Actor);
        _timeProvider = timeProvider;
    }

    /// <summary>Stores <paramref name="entry"/> with the time now and a new id; returns it as stored.</summary>
    public AuditEntry Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stored = entry with { Id = 0, At = _timeProvider.GetUtcNow() };
        var id = _entries.Insert(stored);
        return stored with { Id = id.AsInt64 };
    }

    /// <summary>Newest first, filtered.</summary>
    public IReadOnlyList<AuditEntry> Query(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = _entries.Query();
        if (query.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            q = q.Where(e => e.At <= to);
        }
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            q = q.Where(e => e.Actor == query.Actor);
        }
        if (!string.IsNullOrWhiteSpace(query.Environment))
        {
            q = q.Where(e => e.Environment == query.Environment);
        }
        if (query.Outcome is { } outcome)
        {
            q = q.Where(e => e.Outcome == outcome);
        }
        var entries = q.OrderByDescending(e => e.Id).ToEnumerable();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(e => e.Action.StartsWith(query.Action, StringComparison.Ordinal));
        }
        return [.. entries.Take(Math.Clamp(query.Limit, 1, 100_000))];
    }

    /// <summary>Entries as CSV (CsvHelper; RFC 4180; cells a spreadsheet would run as a formula escaped).</summary>
    public static string Csv(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\r\n", Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(["id", "at_utc", "actor", "actor_kind", "address", "channel", "action", "environment", "target", "outcome", "status", "detail"]);
            foreach (var e in entries)
            {
                csv.WriteField(e.Id);
                csv.WriteField(e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                csv.WriteField(e.Actor);
                csv.WriteField(e.ActorKind.ToString());
                csv.WriteField(e.Address);
                csv.WriteField(e.Channel);
                csv.WriteField(e.Action);
                csv.WriteField(e.Environment);
                csv.WriteField(e.Target);
                csv.WriteField(e.Outcome.ToString());
                csv.WriteField(e.Status);
                csv.WriteField(e.Detail);
                csv.EndRecord();
            }
        }
        return writer.ToString();
    }
}
