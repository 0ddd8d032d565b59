namespace BlueGreen.Core.Environments;

public enum DeployStepKind
{
    /// <summary>A command on each server of the site, over SSH.</summary>
    Ssh,
    /// <summary>A command on the dashboard host (e.g. <c>ansible-playbook deploy.yml -l {site} -e version={version}</c>).</summary>
    Local,
    /// <summary>A local file copied to each server over SFTP.</summary>
    Upload,
    /// <summary>The lab's driver: stops the server's sample-service process and starts the new version.</summary>
    Lab,
}
