// Each class breaks exactly one rule of the nanoFramework v1 subset.
// tests/Fota.Host.Tests/Subset/SubsetCheckTests.cs expects every one to be reported.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace SubsetViolations
{
    public class UsesGenericList
    {
        public int Count()
        {
            var list = new List<int>();
            list.Add(1);
            return list.Count;
        }
    }

    public class UsesLinq
    {
        public int Sum(int[] values)
        {
            return values.Sum();
        }
    }

    public class UsesAsync
    {
        public async Task<int> Later()
        {
            await Task.Delay(1);
            return 1;
        }
    }

    public class UsesNullable
    {
        public int? Maybe(bool yes)
        {
            return yes ? 1 : null;
        }
    }

    public class UsesStackalloc
    {
        public int Small()
        {
            Span<byte> buffer = stackalloc byte[16];
            return buffer.Length;
        }
    }

    public unsafe class UsesPointers
    {
        public int Read(int* p)
        {
            return *p;
        }
    }

    public record UsesRecord(int Value);

    public class DeclaresGeneric<T>
    {
        public T Value;
    }

    public class UsesBlockCopy
    {
        public void Copy(byte[] a, byte[] b)
        {
            Buffer.BlockCopy(a, 0, b, 0, a.Length);
        }
    }

    public class UsesTuple
    {
        public int Pair()
        {
            var t = (1, 2);
            return t.Item1 + t.Item2;
        }
    }

    public class UsesGenericInterlocked
    {
        private object _value;

        public object Swap(object value)
        {
            return System.Threading.Interlocked.CompareExchange<object>(ref _value, value, null);
        }
    }

    /// <summary>Only allowed API: must produce no violation of its own.</summary>
    public class Clean
    {
        public event EventHandler Changed;

        public int Count(ArrayList list)
        {
            Changed?.Invoke(this, EventArgs.Empty);
            return list.Count + GetHashCode() + 7.GetHashCode() + $"{list.Count}".Length;
        }

        public string Text(byte value)
        {
            lock (this)
            {
                return string.Format("{0}", value);
            }
        }
    }
}
