using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// The commands of one SMP management group (OS, image, or a group of our own), as
    /// <see cref="SmpDispatcher"/> calls them.
    /// </summary>
    /// <remarks>
    /// A handler reads the whole request body before it acts (so a malformed request changes
    /// nothing: a <see cref="CborException"/> thrown while parsing becomes MGMT_ERR_EINVAL), then
    /// writes its response body: exactly one CBOR map. A group-specific failure is also a
    /// written body (<see cref="SmpErrors.WriteError"/> with <c>request.Version</c>) and returns
    /// <see cref="SmpErrors.EOK"/>. Handlers run on the dispatcher's thread and must not keep the
    /// reader, the writer or the buffers beyond the call. No allocation per request is expected.
    /// </remarks>
    public interface ISmpGroupHandler
    {
        /// <summary>The group id this handler serves (<see cref="SmpGroup"/>).</summary>
        int GroupId { get; }

        /// <summary>Handles one request of the group.</summary>
        /// <param name="request">The request header (OP read or write, command id, version, sequence).</param>
        /// <param name="body">A reader over the request body, positioned at its map.</param>
        /// <param name="response">A writer for the response body, empty.</param>
        /// <returns>
        /// <see cref="SmpErrors.EOK"/> once the response body is written; otherwise an SMP-level
        /// code (<see cref="SmpErrors.ENOTSUP"/> for an unknown command or OP, for example): the
        /// dispatcher then drops whatever was written and answers <c>{"rc": code}</c>.
        /// </returns>
        int Handle(SmpHeader request, CborReader body, CborWriter response);
    }
}
