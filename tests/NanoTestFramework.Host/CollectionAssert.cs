using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Assertions on collections (arrays included), with the signatures of nanoFramework.TestFramework's.</summary>
    public sealed class CollectionAssert
    {
        /// <summary>Fails unless the collection has no element.</summary>
        public static void Empty(ICollection collection, string message = "")
        {
            Assert.RequireArgument(collection, "CollectionAssert.Empty", nameof(collection));
            if (collection.Count != 0)
            {
                Assert.Fail("CollectionAssert.Empty", "expected no element, got " + collection.Count, message);
            }
        }

        /// <summary>Fails if the collection has no element.</summary>
        public static void NotEmpty(ICollection collection, string message = "")
        {
            Assert.RequireArgument(collection, "CollectionAssert.NotEmpty", nameof(collection));
            if (collection.Count == 0)
            {
                Assert.Fail("CollectionAssert.NotEmpty", "expected elements, got none", message);
            }
        }

        /// <summary>Fails unless both have equal elements in the same order (both null counts as equal).</summary>
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            var difference = FirstDifference(expected, actual);
            if (difference != null)
            {
                Assert.Fail("CollectionAssert.AreEqual", difference, message);
            }
        }

        /// <summary>Fails if both have equal elements in the same order.</summary>
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (FirstDifference(notExpected, actual) == null)
            {
                Assert.Fail("CollectionAssert.AreNotEqual", "the collections are equal", message);
            }
        }

        /// <summary>Null when equal, else where and how they differ.</summary>
        private static string? FirstDifference(ICollection? expected, ICollection? actual)
        {
            if (ReferenceEquals(expected, actual))
            {
                return null;
            }

            if (expected == null || actual == null)
            {
                return expected == null ? "expected null, got a collection" : "expected a collection, got null";
            }

            if (expected.Count != actual.Count)
            {
                return "expected " + expected.Count + " elements, got " + actual.Count;
            }

            var e = expected.GetEnumerator();
            var a = actual.GetEnumerator();
            for (var index = 0; e.MoveNext() && a.MoveNext(); index++)
            {
                if (!Equals(e.Current, a.Current))
                {
                    return "element " + index + ": expected " + Assert.Show(e.Current) + ", got " + Assert.Show(a.Current);
                }
            }

            return null;
        }
    }
}
