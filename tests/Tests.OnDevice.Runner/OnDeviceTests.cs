using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;

namespace FotaDevice.OnDevice.Runner;

/// <summary>
/// Finds the [TestClass]/[TestMethod] tests of NFUnitTest as the nanoFramework launcher does and
/// runs each as one xunit case: [Setup] methods first, the test (once per [DataRow]), [Cleanup] last.
/// A skipped device test fails here: every test in this suite must run on .NET too.
/// </summary>
public class OnDeviceTests
{
    private static readonly Assembly Suite = Assembly.Load("NFUnitTest");

    static OnDeviceTests() => TestHeap.Current = new ThreadAllocations();

    public static IEnumerable<object[]> Tests() =>
        Suite.GetTypes()
            .Where(t => t.GetCustomAttribute<TestClassAttribute>() != null)
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null).Select(m => new object[] { t.Name + "." + m.Name }));

    [Fact]
    public void TheSuiteHasTests() => Xunit.Assert.True(Tests().Count() >= 12, "the on-device suite lost its tests");

    [Theory]
    [MemberData(nameof(Tests))]
    public void Run(string test)
    {
        var dot = test.IndexOf('.');
        var type = Suite.GetTypes().Single(t => t.Name == test[..dot]);
        var method = type.GetMethod(test[(dot + 1)..])!;
        var instance = Activator.CreateInstance(type);
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<SetupAttribute>() != null))
        {
            Invoke(setup, instance, null);
        }

        try
        {
            var rows = method.GetCustomAttributes<DataRowAttribute>().ToList();
            if (rows.Count == 0)
            {
                Invoke(method, instance, null);
            }

            foreach (var row in rows)
            {
                Invoke(method, instance, row.MethodParameters);
            }
        }
        finally
        {
            foreach (var cleanup in type.GetMethods().Where(m => m.GetCustomAttribute<CleanupAttribute>() != null))
            {
                Invoke(cleanup, instance, null);
            }
        }
    }

    private static void Invoke(MethodInfo method, object? instance, object[]? arguments)
    {
        try
        {
            method.Invoke(method.IsStatic ? null : instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
