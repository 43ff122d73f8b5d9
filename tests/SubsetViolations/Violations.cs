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

    /// <summary>
    /// NF007: the borrow of (long)a - b shifted with >>, the value on the stack (as an optimized
    /// build keeps P256Field.Sub's before the fix): nanoCLR still types it unsigned and shifts it
    /// logically, 4294967295 instead of -1 for a = 0, b = 1.
    /// </summary>
    public class ShiftsUnsignedWidening
    {
        public static long HighWord(uint a, uint b)
        {
            return ((long)a - b) >> 32;
        }
    }

    /// <summary>NF007: a uint reinterpreted as int and divided: nanoCLR divides it unsigned.</summary>
    public class DividesReinterpretedUint
    {
        public static int Half(uint[] words)
        {
            return (int)words[0] / 2;
        }
    }

    /// <summary>NF007: a long made from a uint leaves the method unsigned-typed.</summary>
    public class ReturnsUnsignedAsSigned
    {
        public static long Widen(uint value)
        {
            return (long)value;
        }
    }

    /// <summary>Signed arithmetic done right: stored to a long local or computed on signed values.</summary>
    public class SignedArithmeticDoneRight
    {
        public static long Carry(long[] limbs)
        {
            long x = limbs[0] * 19;
            return x >> 26;
        }

        public static ulong Borrow(uint a, uint b)
        {
            ulong x = (ulong)a - b;
            return x >> 63;
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
