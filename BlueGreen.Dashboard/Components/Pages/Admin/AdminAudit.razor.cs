using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Api;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages.Admin;

/// <summary>
/// The audit trail, newest first, filtered on the server (<see cref="AuditLog.Query"/>) by the same parameters as
/// <c>GET /api/audit</c> (parsed by <see cref="AuditFilter"/>); Export CSV downloads exactly what the filters select.
/// Reading it needs the Admin role on the server too.
/// </summary>
public sealed partial class AdminAudit : AdminPage
{
    private IReadOnlyList<AuditEntry> _entries = [];
    private AuditQuery _query = new();
    private string? _problem;
    private string? _actor;
    private string? _action;
    private string? _environment;
    private AuditOutcome? _outcome;
    private string? _from;
    private string? _to;
    private string? _limit = "500";

    [Inject]
    public required AuditLog Audit { get; init; }

    /// <summary>The filters as typed.</summary>
    private AuditFilter Filter => new(_actor, _action, _environment, _outcome?.ToString(), _from, _to, _limit);

    private string CsvUrl => "api/audit.csv" + Filter.QueryString();

    protected override void OnInitialized() => Load();

    public static Color OutcomeColor(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => Color.Success,
        AuditOutcome.Refused => Color.Warning,
        _ => Color.Error,
    };

    public static Variant OutcomeVariant(AuditOutcome outcome) => outcome == AuditOutcome.Failed ? Variant.Outlined : Variant.Filled;

    private void Load()
    {
        if (!Access.Can(Permission.Admin))
        {
            (_entries, _problem) = ([], Access.Why(Permission.Admin));
            return;
        }
        if (!Filter.TryParse(out var query, out _, out _problem))
        {
            _entries = [];
            return;
        }
        _query = query;
        _entries = Audit.Query(query);
    }
}
