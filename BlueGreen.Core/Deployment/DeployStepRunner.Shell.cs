using BlueGreen.Core.Environments;
using BlueGreen.Core.Ssh;

namespace BlueGreen.Core.Deployment;

public sealed partial class DeployStepRunner
{
    private async Task RunShellStepAsync(DeployStepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var host = SshHostOf(context);
        var text = CommandTemplate.Parse(step.Command ?? "").Expand(Placeholders(context, host));
        IRemoteShell shell = step.Kind == DeployStepKind.Local ? local : ssh;
        var where = step.Kind == DeployStepKind.Local ? "the dashboard host" : host;
        await context.Log($"{step.Name}: running on {where}", false).ConfigureAwait(false);
        var limits = context.Environment.Deployment;
        // Output is stored and shown: a secret a command prints (an echoed token) is masked first (in the lines kept).
        var output = new StepOutputLimiter(limits.MaxOutputLinesPerStep, (line, isError) => context.Log((redactor ?? SecretRedactor.None).Redact(line), isError));
        ShellResult result;
        try
        {
            result = await shell.RunAsync(
                new ShellCommand
                {
                    Host = step.Kind == DeployStepKind.Local ? "localhost" : host,
                    CommandText = text,
                    Timeout = step.Timeout ?? limits.StepTimeout,
                    MaxLineLength = limits.MaxOutputLineLength,
                },
                line => output.LineAsync(line.Text, line.IsError),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also when the step failed or was stopped: its last lines are usually the ones that say why.
            await output.FinishAsync(step.Name).ConfigureAwait(false);
        }
        if (result.TimedOut)
        {
            throw new DeployStepException($"Step '{step.Name}' on {where} timed out after {(step.Timeout ?? context.Environment.Deployment.StepTimeout).TotalSeconds:0} s and was stopped.");
        }
        if (!result.Succeeded)
        {
            throw new DeployStepException($"Step '{step.Name}' on {where} exited with code {result.ExitCode}; its output is in the log of {context.Server.Name}.");
        }
    }

    private async Task UploadAsync(DeployStepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var host = SshHostOf(context);
        var source = Path.GetFullPath(step.Source ?? "");
        // The destination is a path, not a shell command: every placeholder is substituted unquoted (their values
        // are validated names, versions and hosts).
        var destination = Placeholders(context, host).Aggregate(step.Destination ?? "",
            (path, placeholder) => path.Replace($"{{{placeholder.Key}}}", placeholder.Value, StringComparison.Ordinal));
        if (!File.Exists(source))
        {
            throw new DeployStepException($"Step '{step.Name}': the file to upload, {source}, does not exist on the dashboard host.");
        }
        var timeout = step.Timeout ?? context.Environment.Deployment.StepTimeout;
        await context.Log($"{step.Name}: uploading {source} to {host}:{destination}", false).ConfigureAwait(false);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await ssh.UploadAsync(host, source, destination, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeployStepException($"Step '{step.Name}': uploading to {host} timed out after {timeout.TotalSeconds:0} s and was stopped.");
        }
    }

    private static string SshHostOf(DeployStepContext context)
        => context.Server.SshHost ?? context.Server.Address[..context.Server.Address.LastIndexOf(':')];

    private static Dictionary<string, string> Placeholders(DeployStepContext context, string host) => new(StringComparer.Ordinal)
    {
        ["version"] = context.Version,
        ["environment"] = context.Environment.Name,
        ["group"] = context.Group.ToString(),
        ["site"] = context.Site.Name,
        ["server"] = context.Server.Name,
        ["host"] = host,
    };
}
