namespace BlueGreen.Core.Switching;

/// <summary>Who holds an environment's servers (see <see cref="EnvironmentLocks"/>).</summary>
/// <param name="Kind">What holds it, e.g. "deployment".</param>
/// <param name="Id">Its id (a deployment id), for links and the API's <c>runningDeployment</c>.</param>
/// <param name="Description">For messages, e.g. "deployment 20261205-101500-ab12cd (2.0.0)".</param>
public sealed record EnvironmentOwner(string Kind, string Id, string Description);
