namespace BlueGreen.Tests.HaProxy;

/// <summary>Answers captured from a real HAProxy 2.6.12 (see Captures/capture.py and Captures/README.md).</summary>
internal static class HaProxyTestData
{
    public static string Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "HaProxy", "Captures", fileName);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"Captured HAProxy answer '{fileName}' is not in the test output.", path);
    }

    public static string Stat(string scenario) => Read($"stat-{scenario}.csv");

    public static string Servers(string scenario) => Read($"servers-{scenario}.txt");
}
