using System.Globalization;
using System.Text;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.WebUtilities;

namespace BlueGreen.Dashboard.Api;

/// <summary>
/// The audit trail for Admins: <c>GET /api/audit?actor=&amp;action=&amp;environment=&amp;outcome=&amp;from=&amp;to=&amp;limit=</c>
/// (JSON, newest first) and <c>GET /api/audit.csv?…</c> (the same entries as CSV, a download). Every parameter is
/// optional; a value that does not parse is a 400 whose <c>field</c> names the parameter. Dates are UTC: a date alone
/// (<c>2025-03-01</c>) means the whole day, so <c>from=2025-03-01&amp;to=2025-03-01</c> is that one day.
/// </summary>
public static class AuditApi
{
    public const int MaxLimit = 100_000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/audit", (string? actor, string? action, string? environment, string? outcome, string? from, string? to, string? limit, AuditLog audit) =>
            Json(new AuditFilter(actor, action, environment, outcome, from, to, limit), audit))
            .RequireAuthorization(Policies.Admin);
        endpoints.MapGet("/api/audit.csv", (string? actor, string? action, string? environment, string? outcome, string? from, string? to, string? limit, AuditLog audit, TimeProvider time) =>
            Csv(new AuditFilter(actor, action, environment, outcome, from, to, limit), audit, time.GetUtcNow()))
            .RequireAuthorization(Policies.Admin)
            .WithMetadata(new AuditAction("audit.export"));
        return endpoints;
    }

    /// <summary>The download's name: <c>audit-yyyyMMdd-HHmm.csv</c> (UTC).</summary>
    public static string FileName(DateTimeOffset now) => $"audit-{now.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";

    /// <summary>The entries <paramref name="filter"/> selects, as JSON; or a 400 naming the parameter at fault.</summary>
    public static IResult Json(AuditFilter filter, AuditLog audit) => Answer(filter, audit, Results.Ok);

    /// <summary>The entries <paramref name="filter"/> selects, as a CSV download; or a 400 naming the parameter at fault.</summary>
    public static IResult Csv(AuditFilter filter, AuditLog audit, DateTimeOffset now)
        => Answer(filter, audit, entries => Results.File(Encoding.UTF8.GetBytes(AuditLog.Csv(entries)), "text/csv; charset=utf-8", FileName(now)));

    private static IResult Answer(AuditFilter filter, AuditLog audit, Func<IReadOnlyList<AuditEntry>, IResult> answer)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(audit);
        return filter.TryParse(out var query, out var field, out var problem)
            ? answer(audit.Query(query))
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: problem,
                extensions: new Dictionary<string, object?> { ["field"] = field });
    }
}

/// <summary>
/// The audit filters as typed (the query string of <c>/api/audit</c>, or the Audit page's fields): every one
/// optional. <see cref="TryParse"/> turns them into an <see cref="AuditQuery"/>, <see cref="QueryString"/> back into
/// the query string, so the page's CSV link asks for what the page shows.
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Environment = null, string? Outcome = null,
    string? From = null, string? To = null, string? Limit = null)
{
    private static readonly string[] s_dateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    /// <summary>The query, or false with the parameter at fault and what to send instead.</summary>
    public bool TryParse(out AuditQuery query, out string? field, out string? problem)
    {
        query = new AuditQuery();
        (field, problem) = (null, null);
        AuditOutcome? outcome = null;
        if (!string.IsNullOrWhiteSpace(Outcome))
        {
            if (!Enum.TryParse<AuditOutcome>(Outcome.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(Outcome, out _))
            {
                (field, problem) = ("outcome", $"outcome: '{Outcome}' is not an outcome; give one of {string.Join(", ", Enum.GetNames<AuditOutcome>())}.");
                return false;
            }
            outcome = parsed;
        }
        if (!TryDate(From, "from", endOfDay: false, out var from, ref field, ref problem) || !TryDate(To, "to", endOfDay: true, out var to, ref field, ref problem))
        {
            return false;
        }
        var limit = 500;
        if (!string.IsNullOrWhiteSpace(Limit) && (!int.TryParse(Limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditApi.MaxLimit))
        {
            (field, problem) = ("limit", $"limit: '{Limit}' is not a whole number from 1 to {AuditApi.MaxLimit}, e.g. 500.");
            return false;
        }
        if (from is { } start && to is { } end && end < start)
        {
            (field, problem) = ("to", $"to: {end:u} is before from ({start:u}); give a later date.");
            return false;
        }
        query = new AuditQuery
        {
            Actor = Text(Actor), Action = Text(Action), Environment = Text(Environment), Outcome = outcome, From = from, To = to, Limit = limit,
        };
        return true;
    }

    /// <summary><c>?actor=…&amp;…</c> with the fields that are set (empty when none is).</summary>
    public string QueryString()
    {
        var values = new Dictionary<string, string?>
        {
            ["actor"] = Text(Actor), ["action"] = Text(Action), ["environment"] = Text(Environment), ["outcome"] = Text(Outcome),
            ["from"] = Text(From), ["to"] = Text(To), ["limit"] = Text(Limit),
        };
        return QueryHelpers.AddQueryString("", values.Where(v => v.Value is not null));
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A date alone is the day's start (from) or its last moment (to), UTC; a time without offset is UTC.</summary>
    private static bool TryDate(string? text, string name, bool endOfDay, out DateTimeOffset? value, ref string? field, ref string? problem)
    {
        value = null;
        if (Text(text) is not { } trimmed)
        {
            return true;
        }
        if (!DateTimeOffset.TryParseExact(trimmed, s_dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            (field, problem) = (name, $"{name}: '{text}' is not a date; give yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ (UTC), e.g. 2025-03-01.");
            return false;
        }
        value = endOfDay && trimmed.Length == 10 ? parsed.AddDays(1).AddTicks(-1) : parsed;
        return true;
    }
}
