using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages.Admin;

/// <summary>
/// What the Admin pages share: every action asks first (when it cannot be undone), runs through
/// <see cref="AccessContext.RunAsync{T}"/> with <see cref="Permission.Admin"/> (checked on the server, recorded in the
/// audit trail whatever the outcome) and ends in a toast; a refusal or denial also stays on the page in
/// <see cref="Error"/>.
/// </summary>
public abstract class AdminPage : ComponentBase
{
    [Inject]
    public required AccessContext Access { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>Why the last action was not done; null after one that was.</summary>
    protected string? Error { get; set; }

    /// <summary>A time as the Admin pages show it: UTC, to the minute (the audit filters are UTC too).</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the user said yes to <paramref name="question"/>.</summary>
    protected async Task<bool> ConfirmAsync(string title, string question, string yes)
        => await Dialogs.ShowMessageBoxAsync(title, question, yesText: yes, cancelText: "Cancel") == true;

    /// <summary>
    /// Does <paramref name="work"/> as <paramref name="action"/> on <paramref name="target"/> (its result is the audit
    /// entry's detail, never a secret); a toast says <paramref name="done"/> or why not. True when it was done.
    /// </summary>
    protected async Task<bool> RunAsync(string action, string? target, Func<string?> work, string done)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await Access.RunAsync(Permission.Admin, action, environment: null, target, () => Task.FromResult(work()));
        }
        catch (Exception ex) when (ex is AccessDeniedException || AccessContext.IsRefusal(ex))
        {
            Error = ex.Message;
            Snackbar.Add($"Not done: {ex.Message}", Severity.Error);
            return false;
        }
        Error = null;
        Snackbar.Add(done, Severity.Success);
        return true;
    }
}
