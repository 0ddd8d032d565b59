using System.Diagnostics;
using System.Text.RegularExpressions;
using BlueGreen.Core.Security;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Security;

/// <summary>
/// The CI script of docs/ci.md, as written there, against the running dashboard and its lab behind the real HAProxy:
/// with a <c>read,deploy</c> token it deploys 2.0.0 and exits 0; with a <c>read</c> token it is refused (403) and
/// exits 1; without a token it stops before any call. The deployment names the token that started it.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed partial class CiScriptTests
{
    private const string DeployToken = "bgt_ci-deploy-token-0000000000000000000000000";
    private const string ReadToken = "bgt_ci-read-token-00000000000000000000000000000";

    [Fact]
    public async Task DocsCiScript_DeploysWithADeployToken_RefusedWithAReadOne()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        Integration.RequireExecutable("curl", "curl");
        Integration.RequireExecutable("jq", "jq");
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct,
            tokens: [("gitlab-deploy", DeployToken, ["read", "deploy"]), ("gitlab-read", ReadToken, ["read"])]);
        var script = Path.Combine(dashboard.DataFolder, "deploy.sh");
        await File.WriteAllTextAsync(script, ScriptFromDocs(), ct);

        var (readExit, readOutput) = await RunAsync(script, dashboard.BaseUrl, ReadToken, ct);
        Assert.True(readExit == 1, readOutput);
        Assert.Contains("refused (403)", readOutput, StringComparison.Ordinal);
        Assert.Contains("lacks the 'deploy' scope", readOutput, StringComparison.Ordinal);

        var (noTokenExit, noTokenOutput) = await RunAsync(script, dashboard.BaseUrl, null, ct);
        Assert.NotEqual(0, noTokenExit);
        Assert.Contains("set BLUEGREEN_TOKEN", noTokenOutput, StringComparison.Ordinal);

        var (exit, output) = await RunAsync(script, dashboard.BaseUrl, DeployToken, ct);
        Assert.True(exit == 0, output);
        Assert.Contains("deployed 2.0.0", output, StringComparison.Ordinal);
        using var http = dashboard.CreateClient();
        var deployments = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, "/api/deployments?environment=lab", ct);
        Assert.Equal("token:gitlab-deploy", deployments[0].GetProperty("requestedBy").GetString());
    }

    /// <summary>The first <c>sh</c> block of docs/ci.md.</summary>
    private static string ScriptFromDocs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BlueGreen.sln")))
        {
            dir = dir.Parent;
        }
        var docs = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "ci.md"));
        return ShellBlock().Match(docs) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("docs/ci.md has no ```sh block.");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string script, string url, string? token, CancellationToken ct)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("2.0.0");
        info.ArgumentList.Add("lab");
        info.Environment["BLUEGREEN_URL"] = url;
        info.Environment.Remove("BLUEGREEN_TOKEN");
        if (token is not null)
        {
            info.Environment["BLUEGREEN_TOKEN"] = token;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(3), ct);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex("```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
