using System.Reflection;
using System.Runtime.CompilerServices;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.References;
using BlueGreen.Core.Statistics;
using BlueGreen.Core.Status;

namespace BlueGreen.Tests;

/// <summary>
/// What the stores and engines publish and return crosses threads: a page, the API and the engine may hold the same
/// instance. These types must not be changeable after construction, all the way down: no settable property (init
/// only), no mutable collection, no field that is not read-only.
/// </summary>
public class ImmutableViewsTests
{
    public static TheoryData<Type> Published() =>
    [
        typeof(DeploymentRecord),
        typeof(DeploymentChange),
        typeof(DeploymentEvent),
        typeof(DeploymentLogLine),
        typeof(EnvironmentStatus),
        typeof(LoadTestChange),
        typeof(LoadTestListItem),
        typeof(ExperimentChange),
        typeof(ExperimentReport),
        typeof(MatrixReport),
        typeof(Observation),
        typeof(Paper002Row),
        typeof(Paper000Finding),
    ];

    [Theory]
    [MemberData(nameof(Published))]
    public void Type_CannotBeChangedAfterConstruction(Type type)
    {
        var problems = new List<string>();
        Check(type, type.Name, problems, []);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Check_MutableType_IsFound()
    {
        // The check itself can fail: a class with a setter and a List is reported.
        var problems = new List<string>();
        Check(typeof(Mutable), nameof(Mutable), problems, []);

        Assert.Contains(problems, p => p.Contains("Mutable.Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Mutable.Items", StringComparison.Ordinal));
    }

    private sealed class Mutable
    {
        public string Name { get; set; } = "";
        public IReadOnlyList<List<int>> Items { get; init; } = [];
    }

    private static readonly HashSet<Type> s_values =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal),
        typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan), typeof(Guid),
    ];

    private static readonly HashSet<Type> s_readOnlyCollections =
    [
        typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>), typeof(IReadOnlyDictionary<,>),
    ];

    private static void Check(Type type, string path, List<string> problems, HashSet<Type> seen)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Check(underlying, path, problems, seen);
            return;
        }
        if (s_values.Contains(type) || type.IsEnum)
        {
            return;
        }
        if (type.IsGenericType && s_readOnlyCollections.Contains(type.GetGenericTypeDefinition()))
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Check(argument, $"{path}[]", problems, seen);
            }
            return;
        }
        if (type.IsArray || type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true)
        {
            problems.Add($"{path}: {type.Name} can be changed; use IReadOnlyList / IReadOnlyDictionary.");
            return;
        }
        if (!seen.Add(type))
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            {
                problems.Add($"{type.Name}.{property.Name} has a public setter.");
            }
            Check(property.PropertyType, $"{type.Name}.{property.Name}", problems, seen);
        }
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (!field.IsInitOnly)
            {
                problems.Add($"{type.Name}.{field.Name} is a field that can be assigned.");
            }
        }
    }
}
