using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose test methods the launcher runs.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Marks a method run once before the tests of its class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Marks a method run once after the tests of its class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>One set of arguments for a test method; the method runs once per row.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        /// <summary>Records the arguments of one run.</summary>
        /// <exception cref="ArgumentNullException">No array was given.</exception>
        /// <exception cref="ArgumentException">The row is empty.</exception>
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null)
            {
                throw new ArgumentNullException(nameof(methodParameters), "a data row needs its arguments");
            }

            if (methodParameters.Length == 0)
            {
                throw new ArgumentException("a data row needs at least one argument", nameof(methodParameters));
            }

            MethodParameters = methodParameters;
        }

        /// <summary>The arguments, in parameter order.</summary>
        public object[] MethodParameters { get; }
    }
}
