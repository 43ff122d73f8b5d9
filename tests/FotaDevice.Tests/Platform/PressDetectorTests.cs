using FotaDevice.Platform.Button;
using Xunit;

namespace FotaDevice.Tests.Platform;

/// <summary>The approval button's press detection, as the ESP32's GPIO adapter feeds it.</summary>
public class PressDetectorTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(90_000L)]
    public void TheFirstPressAfterStartCountsWhenever(long at)
    {
        // The old watcher started from long.MinValue: now - last overflowed and every press was "bounce".
        Assert.True(new PressDetector(50).Down(at));
    }

    [Fact]
    public void ContactBounceOfOnePressIsOnePress()
    {
        var button = new PressDetector(50);
        Assert.True(button.Down(1000));
        button.Up(1003);
        Assert.False(button.Down(1006));
        button.Up(1010);
        Assert.False(button.Down(1030));
        button.Up(1200); // released for good
        Assert.True(button.Down(1500)); // the next press
    }

    [Fact]
    public void ReleaseBounceIsNotAPress()
    {
        var button = new PressDetector(50);
        Assert.True(button.Down(0));
        button.Up(400);
        Assert.False(button.Down(404)); // the contact chatters as it opens
        button.Up(406);
        Assert.True(button.Down(1000));
    }

    [Fact]
    public void AHeldButtonIsOnePress()
    {
        var button = new PressDetector(50);
        Assert.True(button.Down(0));
        Assert.False(button.Down(5000)); // a second falling edge without a release (noise)
        button.Up(6000);
        Assert.True(button.Down(7000));
    }

    [Fact]
    public void PressesFurtherApartThanTheDebounceTimeAllCount()
    {
        var button = new PressDetector(50);
        var presses = 0;
        for (long t = 0; t < 10_000; t += 200)
        {
            presses += button.Down(t) ? 1 : 0;
            button.Up(t + 100);
        }

        Assert.Equal(50, presses);
    }
}
