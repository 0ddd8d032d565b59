using System.Globalization;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;

namespace BlueGreen.Dashboard.Hosting;

/// <summary>
/// The dashboard's own commands, run instead of the dashboard: <c>hash-password</c> (reads a password, prints the
/// hash for <c>BlueGreen:Auth:Users</c>) and <c>token new --scopes read,deploy [--name NAME] [--days N]</c> (prints a
/// token and, on the next line, its configuration entry). Null when the arguments are not a command.
/// </summary>
public static class CommandLine
{
    public static async Task<int?> TryRunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length >= 1 && args[0] == "hash-password")
        {
            return await HashPasswordAsync(input, output, error).ConfigureAwait(false);
        }
        if (args.Length >= 2 && args[0] == "token" && args[1] == "new")
        {
            return await NewTokenAsync(args[2..], output, error, time).ConfigureAwait(false);
        }
        return null;
    }

    private static async Task<int> HashPasswordAsync(TextReader input, TextWriter output, TextWriter error)
    {
        string? password;
        if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
        {
            await error.WriteAsync("Password (not shown): ").ConfigureAwait(false);
            password = ReadHidden();
            await error.WriteLineAsync().ConfigureAwait(false);
        }
        else
        {
            password = await input.ReadLineAsync().ConfigureAwait(false);
        }
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            await error.WriteLineAsync("password: give at least 12 characters (a passphrase of a few words is best).").ConfigureAwait(false);
            return 2;
        }
        await output.WriteLineAsync(PasswordSignIn.Hash(password)).ConfigureAwait(false);
        return 0;
    }

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            text.Append(key.KeyChar);
        }
    }

    private static async Task<int> NewTokenAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        string? scopesText = null;
        var name = "ci";
        var days = 90;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--scopes" when value is not null:
                    scopesText = value;
                    i++;
                    break;
                case "--name" when value is not null:
                    name = value;
                    i++;
                    break;
                case "--days" when value is not null:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > 3650)
                    {
                        await error.WriteLineAsync($"--days: '{value}' is not a number of days from 1 to 3650.").ConfigureAwait(false);
                        return 2;
                    }
                    i++;
                    break;
                default:
                    await error.WriteLineAsync($"'{args[i]}' is not understood. Usage: token new --scopes read,deploy [--name ci] [--days 90]").ConfigureAwait(false);
                    return 2;
            }
        }
        if (scopesText is null)
        {
            await error.WriteLineAsync("--scopes: give one or more of read, deploy, loadtest, experiment, e.g. --scopes read,deploy").ConfigureAwait(false);
            return 2;
        }
        var scopes = Permissions.ParseScopes(scopesText, out var unknown);
        if (unknown.Count > 0 || scopes.Count == 0)
        {
            await error.WriteLineAsync($"--scopes: '{string.Join(", ", unknown)}' unknown; use read, deploy, loadtest, experiment.").ConfigureAwait(false);
            return 2;
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^[A-Za-z0-9._-]{1,64}\z"))
        {
            await error.WriteLineAsync($"--name: '{name}' must be 1 to 64 letters, digits, '-', '_' or '.'.").ConfigureAwait(false);
            return 2;
        }
        var token = ApiToken.NewToken();
        var expires = time.GetUtcNow().AddDays(days);
        var entry = System.Text.Json.JsonSerializer.Serialize(new
        {
            Name = name,
            Hash = ApiToken.HashOf(token),
            Scopes = scopes.Select(Permissions.Name).ToArray(),
            ExpiresAt = expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
        await output.WriteLineAsync(token).ConfigureAwait(false);
        await output.WriteLineAsync(entry).ConfigureAwait(false);
        await error.WriteLineAsync($"Keep the first line secret (a CI variable); add the second to BlueGreen:Auth:Tokens in appsettings.json, or as BlueGreen__Auth__Tokens__0__Name=… variables. It expires on {expires:yyyy-MM-dd}.").ConfigureAwait(false);
        return 0;
    }
}
