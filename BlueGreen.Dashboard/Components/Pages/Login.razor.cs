using BlueGreen.Core;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// Sign-in, rendered on the server alone: a name and password (configured users), the identity provider's button,
/// or, with neither, how to use the console link. <c>/login?t=…</c> spends the console link and signs the browser
/// in. Every attempt goes to the audit trail; POSTs here are rate-limited per address.
/// </summary>
public partial class Login
{
    private string? _message;
    private bool _messageIsError;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "t")]
    private string? LinkToken { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery]
    private bool SignedOut { get; set; }

    [SupplyParameterFromForm(FormName = "signin")]
    private SignInForm? Form { get; set; }

    [Inject]
    private IOptions<BlueGreenOptions> Options { get; set; } = default!;

    [Inject]
    private ConsoleSignIn ConsoleLink { get; set; } = default!;

    [Inject]
    private PasswordSignIn Passwords { get; set; } = default!;

    [Inject]
    private AuditLog Audit { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private bool HasPasswords => Options.Value.Auth.Users.Count > 0;

    private bool HasProvider => Options.Value.Auth.OpenIdConnect.Enabled;

    protected override async Task OnInitializedAsync()
    {
        Form ??= new SignInForm();
        if (SignedOut)
        {
            Say("Signed out.", error: false);
        }
        if (!HttpMethods.IsGet(HttpContext.Request.Method) || LinkToken is null)
        {
            return;
        }
        if (!ConsoleLink.TryConsume(LinkToken))
        {
            Record(ConsoleSignIn.UserName, AuditOutcome.Denied, 401, "a console link that was spent or not the newest");
            Say("This sign-in link was used already, or a newer one was printed. Use the newest 'Sign in:' line on the dashboard's console.", error: true);
            return;
        }
        await AccessServiceCollectionExtensions.SignInAsync(HttpContext, ConsoleSignIn.UserName, Role.Admin, "console");
        Record(ConsoleSignIn.UserName, AuditOutcome.Succeeded, 302, "console link");
        Navigation.NavigateTo(AccessServiceCollectionExtensions.LocalUrl(ReturnUrl));
    }

    private async Task SubmitAsync()
    {
        var name = (Form?.Name ?? "").Trim();
        if (Passwords.Verify(name, Form?.Password) is not { } user)
        {
            Record(name.Length > 64 ? name[..64] : name, AuditOutcome.Denied, 401, "wrong name or password");
            Say("Wrong name or password.", error: true);
            Form!.Password = null;
            return;
        }
        await AccessServiceCollectionExtensions.SignInAsync(HttpContext, user.Name, user.Role, "password");
        Record(user.Name, AuditOutcome.Succeeded, 302, $"password, {user.Role}");
        Navigation.NavigateTo(AccessServiceCollectionExtensions.LocalUrl(ReturnUrl));
    }

    private void Say(string message, bool error)
    {
        _message = message;
        _messageIsError = error;
    }

    private void Record(string actor, AuditOutcome outcome, int status, string detail)
        => Audit.Append(new AuditEntry
        {
            Actor = actor, ActorKind = ActorKind.User, Address = HttpContext.Connection.RemoteIpAddress?.ToString(), Action = "account.signin",
            Outcome = outcome, Status = status, Detail = detail, Channel = "page",
        });

    public sealed class SignInForm
    {
        public string? Name { get; set; }

        public string? Password { get; set; }
    }
}
