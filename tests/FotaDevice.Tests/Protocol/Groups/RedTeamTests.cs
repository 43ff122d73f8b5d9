using FotaDevice.Protocol.Smp;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// Sequences a stranger on the link runs around the owner's actions (two clients, timing), beyond the
/// single requests of <see cref="StrangerTests"/> and the attacks of <see cref="AttackTests"/>.
/// </summary>
public sealed class RedTeamTests : IDisposable
{
    private readonly SmpRig _rig = Running();
    private readonly byte[] _v5;
    private readonly byte[] _v2;

    public RedTeamTests()
    {
        _v5 = _rig.Image("5.0.0", 5);
        _v2 = _rig.Image("2.0.0", 2);
    }

    public void Dispose() => _rig.Dispose();

    /// <summary>
    /// docs/update-engine.md: "Any change to a slot voids what waits for it and a press bound to it.
    /// For the rest of the voided request's 60 s, no other request may wait and a press approves
    /// nothing: a press the owner meant for a request a stranger voided never approves the
    /// stranger's." The owner's first press after the void approves nothing, as promised; the owner,
    /// seeing nothing happen, presses again a few seconds later, still inside the 60 s.
    /// </summary>
    [Fact]
    public void TheOwnersSecondPressInsideTheVoidedRequestsTimeDoesNotApproveTheStrangersRequest()
    {
        _rig.Upload(_v5, client: "owner");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v5), false, "owner")));
        _rig.Clock.Advance(10_000);
        _rig.Upload(_v2, client: "stranger");                                  // voids the owner's request
        Assert.Equal(SmpErrors.EBUSY, Rc(_rig.StateWrite(HashOf(_v2), false, "stranger")));
        _rig.Clock.Advance(5_000);
        _rig.Press();                                                          // meant for the owner's request: nothing
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);

        _rig.StateWrite(HashOf(_v2), false, "stranger");                       // the stranger asks again at once
        _rig.Clock.Advance(2_000);
        _rig.Press();                                                          // the owner presses again, 17 s into the 60 s

        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);             // the stranger's image must not be approved
    }
}
