using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions with the signatures of nanoFramework.TestFramework's <c>Assert</c>. A failed assertion
    /// throws <see cref="AssertFailedException"/> saying which assertion failed, what was expected, what
    /// was found, and the checked expression (the compiler fills <c>message</c> with it).
    /// </summary>
    public sealed partial class Assert
    {
        /// <summary>Fails unless <paramref name="condition"/> is true.</summary>
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                Fail("Assert.IsTrue", "expected true, got false", message);
            }
        }

        /// <summary>Fails unless <paramref name="condition"/> is false.</summary>
        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                Fail("Assert.IsFalse", "expected false, got true", message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> is null.</summary>
        public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value != null)
            {
                Fail("Assert.IsNull", "expected null, got " + Show(value), message);
            }
        }

        /// <summary>Fails if <paramref name="value"/> is null.</summary>
        public static void IsNotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value == null)
            {
                Fail("Assert.IsNotNull", "expected a value, got null", message);
            }
        }

        /// <summary>Fails unless both refer to the same object.</summary>
        public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                Fail("Assert.AreSame", "expected the same object as " + Show(expected) + ", got " + Show(actual), message);
            }
        }

        /// <summary>Fails if both refer to the same object.</summary>
        public static void AreNotSame(object? notExpected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                Fail("Assert.AreNotSame", "expected another object than " + Show(actual), message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> contains <paramref name="expected"/>.</summary>
        public static void Contains(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(expected, "Assert.Contains", nameof(expected));
            RequireArgument(value, "Assert.Contains", nameof(value));
            if (!value.Contains(expected, StringComparison.Ordinal))
            {
                Fail("Assert.Contains", Show(value) + " does not contain " + Show(expected), message);
            }
        }

        /// <summary>Fails if <paramref name="value"/> contains <paramref name="notExpected"/>.</summary>
        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(notExpected, "Assert.DoesNotContains", nameof(notExpected));
            RequireArgument(value, "Assert.DoesNotContains", nameof(value));
            if (value.Contains(notExpected, StringComparison.Ordinal))
            {
                Fail("Assert.DoesNotContains", Show(value) + " contains " + Show(notExpected), message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> starts with <paramref name="expected"/>.</summary>
        public static void StartsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(expected, "Assert.StartsWith", nameof(expected));
            RequireArgument(value, "Assert.StartsWith", nameof(value));
            if (!value.StartsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.StartsWith", Show(value) + " does not start with " + Show(expected), message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> ends with <paramref name="expected"/>.</summary>
        public static void EndsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(expected, "Assert.EndsWith", nameof(expected));
            RequireArgument(value, "Assert.EndsWith", nameof(value));
            if (!value.EndsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.EndsWith", Show(value) + " does not end with " + Show(expected), message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> is an instance of <paramref name="expected"/> (or derives from it).</summary>
        public static void IsInstanceOfType(object? value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(expected, "Assert.IsInstanceOfType", nameof(expected));
            if (value == null || !expected.IsInstanceOfType(value))
            {
                Fail("Assert.IsInstanceOfType", "expected a " + expected.Name + ", got " + TypeOf(value), message);
            }
        }

        /// <summary>Fails if <paramref name="value"/> is an instance of <paramref name="notExpected"/>.</summary>
        public static void IsNotInstanceOfType(object? value, Type notExpected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            RequireArgument(notExpected, "Assert.IsNotInstanceOfType", nameof(notExpected));
            if (value != null && notExpected.IsInstanceOfType(value))
            {
                Fail("Assert.IsNotInstanceOfType", "expected no " + notExpected.Name + ", got " + TypeOf(value), message);
            }
        }

        /// <summary>
        /// Fails unless <paramref name="action"/> throws an exception of exactly the type <paramref name="exception"/>
        /// (a derived type does not count, as in nanoFramework's framework).
        /// </summary>
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "")
        {
            RequireArgument(exception, "Assert.ThrowsException", nameof(exception));
            RequireArgument(action, "Assert.ThrowsException", nameof(action));
            Exception? thrown = null;
            try
            {
                action();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (thrown == null)
            {
                Fail("Assert.ThrowsException", "expected " + exception.Name + ", nothing was thrown", message);
            }
            else if (thrown.GetType() != exception)
            {
                throw new AssertFailedException(
                    Compose("Assert.ThrowsException", "expected " + exception.Name + ", got " + thrown.GetType().Name + " (" + thrown.Message + ")", message),
                    thrown);
            }
        }

        /// <summary>Stops the test as skipped.</summary>
        public static void SkipTest(string? message = null) => throw new SkipTestException(message);

        internal static void RequireArgument([NotNull] object? value, string assertion, string parameter)
        {
            if (value == null)
            {
                Fail(assertion, "argument '" + parameter + "' is null", string.Empty);
            }
        }

        [DoesNotReturn]
        internal static void Fail(string assertion, string what, string? message)
            => throw new AssertFailedException(Compose(assertion, what, message));

        internal static string Compose(string assertion, string what, string? message)
            => string.IsNullOrEmpty(message) ? assertion + " failed: " + what : assertion + " failed: " + what + " [" + message + "]";

        internal static string Show(object? value) => value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            char c => "'" + c + "'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + " (" + value.GetType().Name + ")",
            _ => value.ToString() ?? value.GetType().Name,
        };

        private static string TypeOf(object? value) => value == null ? "null" : value.GetType().Name;
    }
}
