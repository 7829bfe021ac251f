using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("AssumeRoleCli.Tests.Fixtures.MotoLastOrderer", "AssumeRoleCli.Tests")]

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// xunit asks this once, with the collections about to run (a filtered run: only those with a selected test). When
/// one of them needs moto, the shared sandbox starts bootstrapping right away, in the background, and the moto
/// collections are started last: the bootstrap (~1 s of moto CPU per world) overlaps the tests that need no moto
/// instead of holding the runner's slots while they wait (see xunit.runner.json). A run without moto tests starts no moto.
/// </summary>
public sealed class MotoLastOrderer : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var collections = testCollections.ToList();
        var moto = collections.Where(NeedsMoto).ToList();
        if (moto.Count > 0)
        {
            _ = MotoSandbox.StartInBackground();
        }

        return [.. collections.Except(moto), .. moto];
    }

    private static bool NeedsMoto(ITestCollection collection)
    {
        if (collection.CollectionDefinition?.Name is { } definition
            && (definition == typeof(MotoCollection).FullName || definition == typeof(MotoAloneCollection).FullName))
        {
            return true;
        }

        // A class in a collection of its own (xunit's default): does it take a MotoSandbox?
        var name = collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
            ? collection.DisplayName[PerClassPrefix.Length..]
            : null;
        var type = name is null ? null : typeof(MotoLastOrderer).Assembly.GetType(name);
        return type is not null && type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(MotoSandbox)));
    }
}
