using System;

namespace FotaDevice.Image
{
    /// <summary>A bad image, manifest, key or signature: <see cref="Error"/> says which rule was broken.</summary>
    public class ImageException : Exception
    {
        private readonly ImageError _error;

        /// <summary>Creates the exception with a code and a message giving the details.</summary>
        public ImageException(ImageError error, string message)
            : base(message)
        {
            _error = error;
        }

        /// <summary>The kind of error.</summary>
        public ImageError Error
        {
            get { return _error; }
        }
    }
}
