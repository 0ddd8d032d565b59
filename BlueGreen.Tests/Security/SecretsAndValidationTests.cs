using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.Ssh;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Security;

/// <summary>
/// The holes a review found in the deploy path: a local command inherited the dashboard's whole environment (its SSH
/// password variable included) and its text was logged with secrets in it; validation accepted a trailing newline and
/// any SSH host; <c>$'…'</c> quoting could be closed by a value.
/// </summary>
public class SecretsAndValidationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LocalShell_PassesOnlyTheAllowListAndNeverASecretVariable()
    {
        // Unique names: the process environment is shared with every other test.
        var secretName = $"BG_TEST_SECRET_{Guid.NewGuid():N}";
        var otherName = $"BG_TEST_OTHER_{Guid.NewGuid():N}";
        var extraName = $"BG_TEST_EXTRA_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(secretName, "hunter2-very-secret");
        Environment.SetEnvironmentVariable(otherName, "not-for-children");
        Environment.SetEnvironmentVariable(extraName, "allowed-extra");
        try
        {
            var redactor = new SecretRedactor([secretName], Environment.GetEnvironmentVariable);
            // Even when someone lists the secret variable as allowed, it is not passed on.
            var shell = new LocalShell(new RecordingLogger<LocalShell>(), TimeProvider.System, redactor, [extraName, secretName]);
            var output = new OutputRecorder();

            var result = await shell.RunAsync(new ShellCommand { Host = "lab", CommandText = "env" }, output.OnLine, TestContext.Current.CancellationToken)
                .WaitAsync(s_timeout, TestContext.Current.CancellationToken);

            Assert.Equal(0, result.ExitCode);
            var names = output.Stdout.Select(l => l.Split('=')[0]).ToHashSet();
            Assert.Contains("PATH", names);
            Assert.Contains(extraName, names);
            Assert.DoesNotContain(otherName, names);
            Assert.DoesNotContain(secretName, names);
            Assert.DoesNotContain(output.Stdout, l => l.Contains("hunter2", StringComparison.Ordinal));
            Assert.All(names, n => Assert.True(LocalShell.AllowedVariables.Contains(n) || n.StartsWith("LC_", StringComparison.Ordinal) || n == extraName
                || n is "PWD" or "SHLVL" or "_", $"{n} reached the command"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretName, null);
            Environment.SetEnvironmentVariable(otherName, null);
            Environment.SetEnvironmentVariable(extraName, null);
        }
    }

    [Fact]
    public async Task LocalShell_CommandTextLoggedWithSecretsMasked()
    {
        var values = new Dictionary<string, string?> { ["DEPLOY_TOKEN"] = "tok-3f9a2b7c" };
        var logger = new RecordingLogger<LocalShell>();
        var shell = new LocalShell(logger, TimeProvider.System, new SecretRedactor(["DEPLOY_TOKEN"], values.GetValueOrDefault));

        await shell.RunAsync(new ShellCommand { Host = "lab", CommandText = "echo deploy --token tok-3f9a2b7c" }, _ => ValueTask.CompletedTask, TestContext.Current.CancellationToken)
            .WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        var logged = Assert.Single(logger.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("Running locally", StringComparison.Ordinal));
        Assert.Contains("deploy --token ***", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("tok-3f9a2b7c", StringComparison.Ordinal));
    }

    [Fact]
    public void Redact_LongestSecretFirstShortValuesLeftAlone()
    {
        var values = new Dictionary<string, string?> { ["A"] = "abcdef", ["B"] = "abcdefgh", ["C"] = "xyz" };

        var redactor = new SecretRedactor(["A", "B", "C", "MISSING"], values.GetValueOrDefault);

        Assert.Equal("*** and *** xyz", redactor.Redact("abcdefgh and abcdef xyz"));
    }

    [Theory]
    [InlineData("echo $'{version}'")]
    [InlineData("printf $'a\\'' {version}")]
    public void CommandTemplate_AnsiCQuoting_RefusedSayingWhy(string text)
    {
        var error = Assert.Throws<FormatException>(() => CommandTemplate.Parse(text));

        Assert.Contains("ANSI-C quoting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandTemplate_DollarBeforeAnotherQuoteOrVariable_StillAccepted()
    {
        Assert.Equal(["version"], CommandTemplate.Parse("echo \"$HOME\" {version} '$x'").UsedPlaceholders);
    }

    [Theory]
    [InlineData("prod\n")]
    [InlineData("prod\r\n")]
    public void Validate_NameWithTrailingNewline_Refused(string name)
    {
        var options = new BlueGreenOptions { Lab = { Enabled = false }, Environments = [Env(name, sshHost: null)] };

        Assert.Contains(new BlueGreenOptionsValidator().Validate(null, options).Failures ?? [], f => f.Contains(":Name: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-oProxyCommand=touch /tmp/x", false)]
    [InlineData("app1;rm -rf /", false)]
    [InlineData("app1\n", false)]
    [InlineData("$(id)", false)]
    [InlineData("app1.example.org", true)]
    [InlineData("10.0.1.11", true)]
    [InlineData("::1", true)]
    public void Validate_SshHost_OnlyAHostNameOrAnAddress(string host, bool valid)
    {
        var options = new BlueGreenOptions { Lab = { Enabled = false }, Environments = [Env("prod", host)] };

        var failures = new BlueGreenOptionsValidator().Validate(null, options).Failures ?? [];

        Assert.Equal(valid, !failures.Any(f => f.Contains(":SshHost:", StringComparison.Ordinal)));
    }

    private static EnvironmentOptions Env(string name, string? sshHost) => new()
    {
        Name = name,
        LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = "/run/haproxy.sock", Backend = "app", FrontendUrl = "http://127.0.0.1:8080/" }],
        Sites =
        [
            new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = "127.0.0.1:8081", SshHost = sshHost }] },
            new SiteOptions { Name = "C", Group = "Green", Servers = [new ServerOptions { Name = "c1", Address = "127.0.0.1:8082" }] },
        ],
    };
}
