namespace BlueGreen.Core.Experiments;

/// <summary>Which seconds of a run an experiment's numbers are taken from.</summary>
public enum MeasureWindow
{
    /// <summary>The whole run (warm-up excluded), as paper 002's JMeter reports.</summary>
    WholeRun,
    /// <summary>Only the seconds the deployment touches (paper 000's "during the update").</summary>
    During,
}
