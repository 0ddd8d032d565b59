using System.Security.Claims;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Security;
using BlueGreen.Core.Switching;
using Microsoft.AspNetCore.Components.Authorization;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// Who is using this page (one per circuit): their name, what they may do (for buttons: disabled with the role they
/// need), and <see cref="RunAsync{T}"/>, which checks the permission on the server and writes the audit entry before
/// the page shows the outcome. Pages never call an action without it.
/// </summary>
public sealed class AccessContext : IDisposable
{
    private readonly AuthenticationStateProvider _authentication;
    private readonly AuditLog _audit;
    private readonly string? _address;
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    public AccessContext(AuthenticationStateProvider authentication, AuditLog audit, IHttpContextAccessor http)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        ArgumentNullException.ThrowIfNull(http);
        _authentication = authentication;
        _audit = audit;
        // The circuit's connection (WebSockets keep it for the circuit's life); read once, at the circuit's start.
        _address = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        _authentication.AuthenticationStateChanged += OnChanged;
        Take(_authentication.GetAuthenticationStateAsync());
    }

    /// <summary>Raised when the user changes (signed out elsewhere, a new role).</summary>
    public event Action? Changed;

    public ClaimsPrincipal User => _user;

    /// <summary>The name records and the audit trail carry.</summary>
    public string Name => Principals.NameOf(_user);

    public Role? Role => Principals.RoleOf(_user);

    public bool Can(Permission permission) => Principals.Allows(_user, permission);

    /// <summary>The tooltip of a button this user cannot use: "Needs the Operator role."; null when they can.</summary>
    public string? Why(Permission permission) => Can(permission) ? null : Principals.Needs(_user, permission);

    /// <summary>
    /// Does <paramref name="work"/> if the user may, and records it in the audit trail either way, before returning:
    /// <see cref="AuditOutcome.Denied"/> (and <see cref="AccessDeniedException"/>) without the permission; Refused
    /// when the rules said no (the exception passes on); Failed on any other error; Succeeded otherwise.
    /// </summary>
    public async Task<T> RunAsync<T>(Permission permission, string action, string? environment, string? target, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var entry = new AuditEntry
        {
            Actor = Name, ActorKind = Principals.KindOf(_user), Address = _address, Action = action, Environment = environment, Target = target, Channel = "page",
        };
        if (!Can(permission))
        {
            var why = Principals.Needs(_user, permission);
            _audit.Append(entry with { Outcome = AuditOutcome.Denied, Status = 403, Detail = why });
            throw new AccessDeniedException(why);
        }
        T result;
        try
        {
            result = await work().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            var refused = IsRefusal(ex);
            _audit.Append(entry with { Outcome = refused ? AuditOutcome.Refused : AuditOutcome.Failed, Status = refused ? 409 : 500, Detail = Trim(ex.Message) });
            throw;
        }
        _audit.Append(entry with { Outcome = AuditOutcome.Succeeded, Status = 200, Detail = Detail(result) });
        return result;
    }

    public Task RunAsync(Permission permission, string action, string? environment, string? target, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync<bool>(permission, action, environment, target, async () =>
        {
            await work().ConfigureAwait(true);
            return true;
        });
    }

    /// <summary>The rules said no (a conflict, invalid input), as opposed to a failure while doing it.</summary>
    public static bool IsRefusal(Exception ex) => ex is DeploymentRejectedException or LoadTestRejectedException or ExperimentRejectedException
        or EnvironmentBusyException or ArgumentException or InvalidOperationException;

    private static string? Detail<T>(T result) => result switch
    {
        DeploymentRecord record => $"deployment {record.Id} ({record.Version}, {record.State})",
        string text => text,
        _ => null,
    };

    private static string Trim(string message) => message.Length <= 500 ? message : message[..500] + "…";

    private void OnChanged(Task<AuthenticationState> state) => Take(state);

    private void Take(Task<AuthenticationState> state)
    {
        if (state.IsCompletedSuccessfully)
        {
            _user = state.Result.User;
            Changed?.Invoke();
            return;
        }
        _ = state.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                _user = t.Result.User;
                Changed?.Invoke();
            }
        }, TaskScheduler.Default);
    }

    public void Dispose() => _authentication.AuthenticationStateChanged -= OnChanged;
}

/// <summary>The caller's role or token does not allow the action; the message says what is needed.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
