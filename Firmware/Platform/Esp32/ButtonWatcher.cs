using System;
using System.Device.Gpio;
using System.Threading;
using FotaDevice.Platform.Button;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>Called when the owner presses the approval button.</summary>
    public delegate void ButtonPressedHandler();

    /// <summary>Tells whether a switch is waiting for the button (the LED then blinks).</summary>
    public delegate bool WaitingForPressHandler();

    /// <summary>
    /// The owner's approval button on a GPIO pin (pressed = low, internal pull-up), debounced in
    /// software (<see cref="PressDetector"/>, portable and tested on .NET), and an optional LED that
    /// blinks while a switch waits for a press. This is the only way the device hears of a press:
    /// nothing received over BLE reaches it. Only GPIO calls are here.
    /// </summary>
    public sealed class ButtonWatcher : IDisposable
    {
        private readonly GpioController _gpio = new GpioController();
        private readonly int _buttonPin;
        private readonly int _ledPin;
        private readonly PressDetector _detector;
        private readonly ButtonPressedHandler _pressed;
        private readonly WaitingForPressHandler _waiting;
        private readonly Timer _blink;
        private bool _ledOn;

        /// <summary>Starts watching <paramref name="buttonPin"/>; <paramref name="ledPin"/> -1 for no LED.</summary>
        public ButtonWatcher(int buttonPin, int ledPin, int debounceMilliseconds, ButtonPressedHandler pressed, WaitingForPressHandler waiting)
        {
            _buttonPin = buttonPin;
            _ledPin = ledPin;
            _detector = new PressDetector(debounceMilliseconds);
            _pressed = pressed;
            _waiting = waiting;
            _gpio.OpenPin(buttonPin, PinMode.InputPullUp);
            _gpio.RegisterCallbackForPinValueChangedEvent(buttonPin, PinEventTypes.Falling | PinEventTypes.Rising, new PinChangeEventHandler(OnEdge));
            if (ledPin >= 0)
            {
                _gpio.OpenPin(ledPin, PinMode.Output);
                _blink = new Timer(new TimerCallback(Blink), null, 250, 250);
            }
        }

        /// <summary>Stops watching and frees the pins.</summary>
        public void Dispose()
        {
            if (_blink != null)
            {
                _blink.Dispose();
            }

            _gpio.Dispose();
        }

        private void OnEdge(object sender, PinValueChangedEventArgs e)
        {
            long now = Environment.TickCount64;
            if (e.ChangeType == PinEventTypes.Rising)
            {
                _detector.Up(now); // released (pull-up)
            }
            else if (_detector.Down(now))
            {
                _pressed();
            }
        }

        private void Blink(object state)
        {
            _ledOn = _waiting() && !_ledOn;
            _gpio.Write(_ledPin, _ledOn ? PinValue.High : PinValue.Low);
        }
    }
}
