using System.Security.Cryptography;
using System.Text;
using BlueGreen.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Security;

/// <summary>
/// The one-use sign-in link a newcomer gets on the console when no user and no identity provider is configured (as
/// the .NET Aspire dashboard does): <c>Sign in: http://127.0.0.1:5080/login?t=…</c>. Opening it signs one browser
/// session in as an Admin (whoever reads the console owns the machine); the link is then spent and a new one is printed.
/// </summary>
public sealed class ConsoleSignIn(IOptions<BlueGreenOptions> options, IServer server, IHostApplicationLifetime lifetime, TimeProvider timeProvider) : IHostedService
{
    /// <summary>The name a console sign-in carries in records and the audit trail.</summary>
    public const string UserName = "console";

    private readonly Lock _lock = new();
    private byte[]? _current;

    /// <summary>True when there is no other way in (no user, no identity provider).</summary>
    public bool Enabled => !options.Value.Auth.HasSignIn;

    /// <summary>When the link in use was printed (a link never expires by time: it is spent by use).</summary>
    public DateTimeOffset? IssuedAt { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            lifetime.ApplicationStarted.Register(() => Issue());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Spends the link if <paramref name="token"/> is the one printed; prints the next. False otherwise.</summary>
    public bool TryConsume(string? token)
    {
        if (!Enabled || string.IsNullOrEmpty(token))
        {
            return false;
        }
        lock (_lock)
        {
            var given = Encoding.UTF8.GetBytes(token);
            if (_current is null || !CryptographicOperations.FixedTimeEquals(given, _current))
            {
                return false;
            }
            _current = null;
        }
        Issue();
        return true;
    }

    /// <summary>Makes a new link and prints it; returns it (tests read it from the console as a user would).</summary>
    public string Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_lock)
        {
            _current = Encoding.UTF8.GetBytes(token);
            IssuedAt = timeProvider.GetUtcNow();
        }
        var link = $"{BaseAddress()}/login?t={token}";
        // On the console itself, not the log: this is the operator's way in, and a log may be shipped elsewhere.
        Console.Out.WriteLine($"Sign in: {link}");
        Console.Out.Flush();
        return link;
    }

    private string BaseAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://127.", StringComparison.Ordinal) || a.StartsWith("http://localhost", StringComparison.Ordinal))
            ?? addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        return address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }
}
