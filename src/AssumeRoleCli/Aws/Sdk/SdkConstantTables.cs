using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Sdk;

/// <summary>
/// AWSSDK.Core's <see cref="ConstantClass"/> reads every public static field of a constant type by reflection the first
/// time a value of that type is sent or read, to give it the SDK's casing. EC2's <see cref="InstanceType"/> has ~1,000
/// such fields, and Native AOT finds each one by a linear scan: ~28 ms of CPU in front of launch-instance's RunInstances
/// and after teardown's first DescribeInstances, a fifth of either command. Instance types are sent as the user typed
/// them (EC2 itself checks them) and read as AWS spells them, so that table buys nothing here: an empty one is put in
/// its place, and values pass through as they are.
/// </summary>
internal static class SdkConstantTables
{
    public static void SkipLargeTables() => Skip(typeof(InstanceType));

    private static void Skip(Type constantType)
    {
        // As the SDK fills a table: under its lock (a load already running finds this one and stops), copy-on-write
        // (readers never lock).
        lock (TablesLock(null))
        {
            ref var tables = ref Tables(null);
            tables = new Dictionary<Type, Dictionary<string, ConstantClass>>(tables)
            {
                [constantType] = new Dictionary<string, ConstantClass>(StringComparer.OrdinalIgnoreCase),
            };
        }
    }

    // ConstantClass.staticFields (the per-type tables) and the lock that guards their filling; UnsafeAccessor binds to
    // them without reflection (Native AOT safe). A later SDK that renames them fails here with MissingFieldException,
    // and SdkConstantTablesTests with it.
    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "staticFields")]
    private static extern ref Dictionary<Type, Dictionary<string, ConstantClass>> Tables(ConstantClass? constant);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "staticFieldsLock")]
    private static extern ref object TablesLock(ConstantClass? constant);
}
