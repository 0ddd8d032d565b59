using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Ssh;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Deployment;

/// <summary>Real <see cref="DeployStepRunner"/>s for tests.</summary>
internal static class StepRunners
{
    /// <summary>Runs SSH, upload and local steps for real; the lab is off, so a lab step fails saying so.</summary>
    public static DeployStepRunner WithoutLab(SshRemoteShell ssh, SecretRedactor? redactor = null)
    {
        var options = Options.Create(new BlueGreenOptions { Lab = { Enabled = false } });
        var lab = new LabHost(options, new EnvironmentCatalog(options.Value.AllEnvironments()),
            new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(options.Value, NullLoggerFactory.Instance, TimeProvider.System)),
            NullLoggerFactory.Instance, TimeProvider.System);
        return new DeployStepRunner(lab, ssh, new LocalShell(NullLogger<LocalShell>.Instance, TimeProvider.System), redactor);
    }
}
