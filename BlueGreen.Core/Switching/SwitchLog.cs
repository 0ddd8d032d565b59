namespace BlueGreen.Core.Switching;

/// <summary>Where a switch writes what it does, line by line (a deployment's log); <paramref name="isError"/> marks trouble.</summary>
public delegate ValueTask SwitchLog(string line, bool isError);
