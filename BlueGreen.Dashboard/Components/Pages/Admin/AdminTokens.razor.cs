using System.Globalization;
using BlueGreen.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages.Admin;

/// <summary>A token's state in the list.</summary>
public enum TokenState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// API tokens: every token (configured ones marked, and not revocable here), a form that creates one and shows it
/// once, and revocation behind a confirmation. Each action is Admin-only on the server and in the audit trail
/// (<c>token.create</c>, <c>token.revoke</c>, target the token's name).
/// </summary>
public sealed partial class AdminTokens : AdminPage
{
    public const int DefaultDays = 90;

    private IReadOnlyList<ApiToken> _tokens = [];
    private string? _name;
    private readonly HashSet<Scope> _scopes = [Scope.Read];
    private string? _days = DefaultDays.ToString(CultureInfo.InvariantCulture);
    private string? _daysProblem;
    private (string Token, ApiToken Record)? _created;

    [Inject]
    public required TokenStore Tokens { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    private string ExampleUrl => Navigation.BaseUri + "api/environments";

    protected override void OnInitialized() => _tokens = Tokens.List();

    public static TokenState StateOf(ApiToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.RevokedAt is not null ? TokenState.Revoked
            : token.ExpiresAt is { } expires && now >= expires ? TokenState.Expired
            : TokenState.Active;
    }

    private static Color StateColor(TokenState state) => state switch
    {
        TokenState.Active => Color.Success,
        TokenState.Expired => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>The days a new token lives: a whole number from 1 to 3650; otherwise null and what to type.</summary>
    public static int? ParseDays(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"Expires in (days) is empty; give a whole number of days from 1 to 3650, e.g. {DefaultDays}.";
            return null;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 3650)
        {
            problem = $"Expires in (days): '{text.Trim()}' is not a whole number of days from 1 to 3650, e.g. {DefaultDays}.";
            return null;
        }
        return days;
    }

    private void Toggle(Scope scope, bool on)
    {
        if (on)
        {
            _scopes.Add(scope);
        }
        else
        {
            _scopes.Remove(scope);
        }
    }

    private async Task CreateAsync()
    {
        _created = null;
        if (ParseDays(_days, out _daysProblem) is not { } days)
        {
            return;
        }
        var name = _name?.Trim() ?? "";
        (string Token, ApiToken Record)? created = null;
        var done = await RunAsync("token.create", name, () =>
        {
            created = Tokens.Create(name, [.. _scopes], Time.GetUtcNow().AddDays(days), Access.Name);
            return $"scopes {string.Join(",", created.Value.Record.Scopes.Select(Permissions.Name))}; expires {Utc(created.Value.Record.ExpiresAt!.Value)}";
        }, $"Token {name} created: copy it now, it is not shown again.");
        if (done)
        {
            _created = created;
            _name = null;
        }
        _tokens = Tokens.List();
    }

    private async Task RevokeAsync(ApiToken token)
    {
        _created = null;
        if (!await ConfirmAsync("Revoke token", $"Revoke token {token.Name}? Every call with it is refused from now on (401). This cannot be undone.", "Revoke"))
        {
            return;
        }
        await RunAsync("token.revoke", token.Name, () =>
        {
            _ = Tokens.Revoke(token.Name, Access.Name) ?? throw new InvalidOperationException($"There is no token '{token.Name}' (any more); reload the page.");
            return null;
        }, $"Token {token.Name} revoked.");
        _tokens = Tokens.List();
    }

    private async Task CopyAsync()
    {
        if (_created is { } created)
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", created.Token);
            Snackbar.Add("Token copied.", Severity.Info);
        }
    }

    /// <summary>The token leaves the page when closed: it cannot be shown again.</summary>
    private void Forget() => _created = null;
}
