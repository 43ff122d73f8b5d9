using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.State;
using Xunit;
using Xunit.Abstractions;

namespace FotaDevice.Tests.Update;

/// <summary>
/// Drives random sequences of uploads (whole, partial, with duplicate and stray chunks), test and
/// confirm requests, button presses, app confirmations, erases, reboots, power cuts and bit rot,
/// and checks after every step:
/// <list type="bullet">
/// <item>the device never starts an image that does not verify;</item>
/// <item>it never starts an image the owner did not approve — the fall-back, when the confirmed image
/// fails its check, included: it takes only an image that was confirmed before;</item>
/// <item>the confirmed image's slot is never written while it is the confirmed one;</item>
/// <item>the security counter never goes down.</item>
/// </list>
/// </summary>
public class RandomizedModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void InvariantsHoldUnderRandomOperations(int seed)
    {
        var model = new Model(seed);
        model.Run(steps: 800);
        output.WriteLine($"seed {seed}: {model.Summary}");
        model.AssertCoverage();
    }

    private sealed class Model
    {
        private readonly Random _random;
        private readonly DeviceHarness _device;
        private readonly byte[][] _images;
        private readonly HashSet<string> _approved = new();
        private readonly int[] _counts = new int[12];
        private readonly List<string> _trace = new();
        private int _nextMajor = 9;
        private string? _confirmedContent;
        private int _confirmedSlot = BootState.NoSlot;
        private uint _counter;

        public Model(int seed)
        {
            _random = new Random(seed);
            _device = new DeviceHarness(slotCapacity: 1500, seed: seed);
            _images = new[]
            {
                ToyImages.Make(1, 1, size: 500),
                ToyImages.Make(2, 2, size: 700),
                ToyImages.Make(3, 2, size: 600),
                ToyImages.Make(4, 0, size: 800),           // counter below what a confirmed v2/v3 set
                ToyImages.Make(5, 5, signed: false, size: 650),
                ToyImages.Make(6, 6, size: 900),
                ToyImages.Make(0, 7, size: 400),           // an older version
                ToyImages.Make(7, 7, size: 750),
                ToyImages.Make(8, 8, size: 550),
                ToyImages.Make(9, 9, size: 850),
            };
            _device.Install(0, _images[0]);
            _approved.Add(Key(_images[0]));
            Boot(powerOn: true);
        }

        public string Summary => $"starts {_counts[0]}, uploads {_counts[1]}, partial {_counts[2]}, switches ok {_counts[3]}, waiting {_counts[4]}, presses {_counts[5]}, confirms {_counts[6]}, cuts {_counts[7]}, bit rot {_counts[8]}, erases {_counts[9]}, fallbacks {_counts[10]}, reverts {_counts[11]}";

        /// <summary>The run must have reached the interesting states, or it proves little.</summary>
        public void AssertCoverage()
        {
            Assert.True(_counts[3] >= 5, "too few approved switches: " + Summary);
            Assert.True(_counts[7] >= 10, "too few power cuts: " + Summary);
            Assert.True(_counts[6] >= 10, "too few confirmations: " + Summary);
        }

        public void Run(int steps)
        {
            for (var i = 0; i < steps; i++)
            {
                if (_random.Next(25) == 0)
                {
                    _device.Power.CutAt = _device.Power.Operations + 1 + _random.Next(12);
                }

                try
                {
                    Act();
                }
                catch (PowerCutException)
                {
                }

                if (_device.Power.IsOff)
                {
                    _counts[7]++;
                    _device.Power.Restore();
                    Boot(powerOn: true);
                }

                CheckConfirmedSlotUntouched();
            }
        }

        private void Act()
        {
            var engine = _device.Engine;
            // Weighted: uploads and switches dominate; erases, cuts and bit rot are rarer.
            var op = Weighted(5, 1, 6, 6, 3, 2, 4, 2, 2, 1, 1);
            _trace.Add($"op {op} running {engine.RunningSlot} trial {engine.RunningOnTrial} state c{_device.StoredState().ConfirmedSlot} p{_device.StoredState().PendingSlot} t{_device.StoredState().TrialSlot}");
            switch (op)
            {
                case 0:
                    Upload(_random.Next(3) == 0 ? _images[_random.Next(_images.Length)] : Fresh(), partial: _random.Next(4) == 0);
                    break;
                case 1:
                    Upload(_images[_random.Next(_images.Length)], partial: true);
                    break;
                case 2:
                    Switch(_random.Next(4) == 0);
                    break;
                case 3:
                    Press();
                    Switch(_random.Next(4) == 0);
                    break;
                case 4:
                    Press();
                    break;
                case 5:
                    _counts[6]++;
                    engine.ConfirmRunning();
                    break;
                case 6:
                    if (engine.Reboot() == UpdateStatus.Ok)
                    {
                        Boot(powerOn: false);
                    }

                    break;
                case 7:
                    Boot(powerOn: true);
                    break;
                case 8:
                    _device.Clock.Advance(_random.Next(0, 100_000));
                    break;
                case 9:
                    _counts[9]++;
                    engine.Erase(this, _random.Next(2));
                    break;
                case 10:
                    if (_random.Next(6) == 0)
                    {
                        BitRot();
                    }

                    break;
            }
        }

        /// <summary>A newer, correctly signed image (versions keep rising so switches stay possible).</summary>
        private byte[] Fresh()
        {
            _nextMajor = Math.Min(250, _nextMajor + 1);
            return ToyImages.Make(_nextMajor, counter: _random.Next(_nextMajor / 2, _nextMajor), size: 300 + _random.Next(1000));
        }

        private int Weighted(params int[] weights)
        {
            var pick = _random.Next(weights.Sum());
            for (var i = 0; i < weights.Length; i++)
            {
                if (pick < weights[i])
                {
                    return i;
                }

                pick -= weights[i];
            }

            return weights.Length - 1;
        }

        private void Upload(byte[] image, bool partial)
        {
            _counts[partial ? 2 : 1]++;
            var engine = _device.Engine;
            var sha = ToyImages.FileHashOf(image);
            var reply = engine.Upload(this, 0, image, 0, Math.Min(image.Length, 1 + _random.Next(200)), image.Length, sha, 0);
            var stopAt = partial ? _random.Next(image.Length) : image.Length;
            while (reply.Status == UpdateStatus.Ok && !reply.Complete && reply.NextOffset < stopAt)
            {
                var offset = reply.NextOffset;
                if (_random.Next(10) == 0)
                {
                    offset = Math.Max(0, offset - _random.Next(50)); // a duplicate or overlap
                }
                else if (_random.Next(10) == 0)
                {
                    offset = Math.Min(image.Length - 1, offset + 1 + _random.Next(50)); // a gap
                }

                var count = Math.Min(image.Length - offset, 1 + _random.Next(200));
                reply = engine.Upload(this, offset, image, offset, count, -1, null!, 0);
            }
        }

        private void Switch(bool permanent)
        {
            var engine = _device.Engine;
            var slot = _random.Next(2);
            var hash = engine.SlotImage(slot).ImageHash;
            if (hash == null)
            {
                return;
            }

            var content = Key(_device.Slots[slot].Contents);
            var pendingBefore = engine.IsPending(slot);
            var status = engine.Switch(hash, 0, permanent);
            if (status == UpdateStatus.Ok && engine.IsPending(slot) && !pendingBefore)
            {
                _counts[3]++;
                _approved.Add(content);
            }
            else if (status == UpdateStatus.ApprovalRequired)
            {
                _counts[4]++;
            }
        }

        private void Press()
        {
            _counts[5]++;
            var engine = _device.Engine;
            var waiting = engine.Approval.WaitingSlot;
            var content = waiting >= 0 ? Key(_device.Slots[waiting].Contents) : null;
            var pendingBefore = waiting >= 0 && engine.IsPending(waiting);
            var reboots = _device.Reboots;
            _device.Press();
            if (waiting >= 0 && engine.IsPending(waiting) && !pendingBefore)
            {
                _approved.Add(content!);
            }

            if (_device.Reboots != reboots)
            {
                Boot(powerOn: false); // the press approved a restart that waited for it
            }
        }

        private void BitRot()
        {
            var slot = _device.Slots[_random.Next(2)];
            if (slot.Length > 4)
            {
                _counts[8]++;
                slot.FlipBit(_random.Next(slot.Length), _random.Next(8));
                if (_confirmedSlot >= 0 && slot == _device.Slots[_confirmedSlot])
                {
                    _confirmedContent = null; // the test damaged it on purpose
                }
            }
        }

        private void Boot(bool powerOn)
        {
            _counts[0]++;
            var confirmedBefore = _device.StoredState().ConfirmedSlot;
            var confirmedBeforeBroken = confirmedBefore >= 0 && !new ToyVerifier(_device.Slots).Verify(confirmedBefore).Bootable;
            try
            {
                if (powerOn)
                {
                    _device.Start();
                }
                else
                {
                    _device.StartWithWindowClosed();
                }
            }
            catch (PowerCutException)
            {
            }

            if (_device.Power.IsOff)
            {
                return; // the caller restores the power and boots again
            }

            var plan = _device.Plan;
            if (_device.Log.Has("did not confirm itself"))
            {
                _counts[11]++;
            }

            if (plan.RunSlot >= 0)
            {
                var running = _device.Slots[plan.RunSlot].Contents;
                Assert.True(new ToyVerifier(_device.Slots).Verify(plan.RunSlot).Bootable, "started an image that does not verify");
                var fellBack = _device.Log.Has("falling back");
                if (fellBack)
                {
                    _counts[10]++;
                    Assert.True(confirmedBefore < 0 || confirmedBeforeBroken, "fell back although the confirmed image was fine");
                }

                Assert.True(_approved.Contains(Key(running)), $"started v{running[1]} (slot {plan.RunSlot}, trial {plan.Trial}, power-on {powerOn}) which the owner never approved; approved: {_approved.Count}; trace:\n" + string.Join("\n", _trace.TakeLast(12)) + "\nlog:\n" + string.Join("\n", _device.Log.Lines));
            }

            var state = _device.StoredState();
            Assert.True(state.SecurityCounter >= _counter, "security counter went down");
            _counter = state.SecurityCounter;
            RememberConfirmed(state);
        }

        private void RememberConfirmed(BootState state)
        {
            if (state.ConfirmedSlot != _confirmedSlot || _confirmedContent == null)
            {
                _confirmedSlot = state.ConfirmedSlot;
                _confirmedContent = _confirmedSlot >= 0 ? Key(_device.Slots[_confirmedSlot].Contents) : null;
            }
        }

        private void CheckConfirmedSlotUntouched()
        {
            var state = _device.StoredState();
            if (state.ConfirmedSlot != _confirmedSlot)
            {
                RememberConfirmed(state); // confirmed another image (the app, SMP confirm, fallback)
                return;
            }

            if (_confirmedSlot >= 0 && _confirmedContent != null)
            {
                Assert.Equal(_confirmedContent, Key(_device.Slots[_confirmedSlot].Contents));
            }
        }

        private static string Key(byte[] content) => Convert.ToHexString(ToyImages.FileHashOf(content));
    }
}
