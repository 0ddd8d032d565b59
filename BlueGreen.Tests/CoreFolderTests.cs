using System.Reflection;
using System.Reflection.Emit;
using BlueGreen.Core;

namespace BlueGreen.Tests;

/// <summary>
/// The folders of BlueGreen.Core (one namespace each, sub-folders included) import no folder that imports them
/// back. Read from the compiled assembly, method bodies included, so a reference the C# compiler lets through
/// without a <c>using</c> (a child namespace sees its parents) counts too. The root namespace is the composition
/// root (options and registration) and is left out.
/// </summary>
public class CoreFolderTests
{
    private static readonly Assembly s_core = typeof(BlueGreenOptions).Assembly;
    private const string Root = "BlueGreen.Core";

    [Fact]
    public void Folders_ImportNoFolderThatImportsThemBack()
    {
        var edges = Edges();
        var cycles = new List<string>();
        foreach (var ((from, to), example) in edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
        {
            if (string.CompareOrdinal(from, to) < 0 && edges.TryGetValue((to, from), out var back))
            {
                cycles.Add($"{from} <-> {to}: {example.From} uses {example.To}; {back.From} uses {back.To}");
            }
        }
        var longer = LongerCycles(edges);

        Assert.True(cycles.Count == 0 && longer.Count == 0,
            "Folders that import each other:\n" + string.Join("\n", cycles) + "\n" + string.Join("\n", longer));
    }

    [Fact]
    public void Edges_SeeReferencesInMethodBodies()
    {
        // The switch reads load balancers inside its methods: the scan must see that, or the test above proves nothing.
        Assert.Contains(("BlueGreen.Core.Switching", "BlueGreen.Core.LoadBalancing"), Edges().Keys);
        Assert.Contains(("BlueGreen.Core.Deployment", "BlueGreen.Core.Switching"), Edges().Keys);
    }

    private static List<string> LongerCycles(Dictionary<(string From, string To), (string From, string To)> edges)
    {
        var next = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var found = new List<string>();
        foreach (var start in next.Keys)
        {
            var path = new Stack<string>();
            Visit(start);
            void Visit(string node)
            {
                path.Push(node);
                foreach (var to in next.GetValueOrDefault(node) ?? [])
                {
                    if (to == start && path.Count > 2)
                    {
                        found.Add(string.Join(" -> ", path.Reverse().Append(start)));
                    }
                    else if (!path.Contains(to) && string.CompareOrdinal(to, start) > 0)
                    {
                        Visit(to);
                    }
                }
                path.Pop();
            }
        }
        return found;
    }

    /// <summary>Folder → folder, with one example (type → type) of each reference.</summary>
    private static Dictionary<(string From, string To), (string From, string To)> Edges()
    {
        var edges = new Dictionary<(string, string), (string, string)>();
        foreach (var type in s_core.GetTypes())
        {
            var owner = Outermost(type);
            var from = owner.Namespace ?? "";
            if (!IsFolder(from))
            {
                continue;
            }
            foreach (var used in Referenced(type).SelectMany(Flatten).Select(Outermost).Distinct())
            {
                var to = used.Namespace ?? "";
                if (used.Assembly == s_core && IsFolder(to) && to != from)
                {
                    edges.TryAdd((from, to), (owner.Name, used.Name));
                }
            }
        }
        return edges;
    }

    private static bool IsFolder(string ns) => ns.StartsWith(Root + ".", StringComparison.Ordinal);

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        return type;
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Flatten(type.GetElementType()!))
            {
                yield return inner;
            }
            yield break;
        }
        if (type.IsGenericParameter)
        {
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }
        foreach (var item in type.GetInterfaces())
        {
            yield return item;
        }
        foreach (var field in type.GetFields(All))
        {
            yield return field.FieldType;
        }
        foreach (var property in type.GetProperties(All))
        {
            yield return property.PropertyType;
        }
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
            foreach (var used in InBody(method))
            {
                yield return used;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Types named by a method's IL: calls, fields, casts, allocations, tokens.</summary>
    private static IEnumerable<Type> InBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }
            var opCode = s_opCodes[value];
            var size = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token this scan cannot place (e.g. a signature outside any type): nothing to count.
                }
                switch (member)
                {
                    case Type used:
                        yield return used;
                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType!;
                        yield return field.FieldType;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType!;
                        if (called is MethodInfo { } calledInfo)
                        {
                            yield return calledInfo.ReturnType;
                            foreach (var argument in calledInfo.IsGenericMethod ? calledInfo.GetGenericArguments() : [])
                            {
                                yield return argument;
                            }
                        }
                        break;
                }
            }
            position += size;
        }
    }
}
