using FotaDevice.Protocol.Smp;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Fakes.OwnerCodes;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>Every policy (each combination of button, window and owner code) against each way of approving: exactly the ways it holds approve.</summary>
public sealed class ApprovalPolicyTests
{
    public enum Way
    {
        Button,
        Window,
        Code,
    }

    public static TheoryData<ApprovalPolicy, Way> Cases()
    {
        var data = new TheoryData<ApprovalPolicy, Way>();
        foreach (var policy in Enum.GetValues<ApprovalPolicy>())
        {
            foreach (var way in Enum.GetValues<Way>())
            {
                data.Add(policy, way);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnlyTheWaysThePolicyHoldsApprove(ApprovalPolicy policy, Way way)
    {
        using var rig = new SmpRig(Settings(policy));
        Factory.Install(rig.Slots, rig.Records, 0, rig.Image("1.0.0", 1));
        rig.Start();                                                  // a power-on: the window opens if the policy holds it
        if (way != Way.Window)
        {
            rig.CloseWindow();
        }

        var v2 = rig.Image("2.0.0", 2);
        rig.Upload(v2);
        var holds = ((int)policy & (1 << (int)way)) != 0;
        switch (way)
        {
            case Way.Button:
                var asked = rig.StateWrite(HashOf(v2), false);
                Assert.Equal(SmpErrors.EACCESSDENIED, Rc(asked));
                Assert.Equal(holds, Reason(asked).Contains("press the button"));
                rig.Press();
                break;
            case Way.Window:
                Assert.Equal(holds ? 0 : SmpErrors.EACCESSDENIED, Rc(rig.StateWrite(HashOf(v2), false)));
                break;
            case Way.Code:
                Assert.Equal(holds ? 0 : SmpErrors.EBADSTATE, Rc(Prove(rig, ApprovalAction.Trial, HashOf(v2))));
                Assert.Equal(holds ? 0 : SmpErrors.EACCESSDENIED, Rc(rig.StateWrite(HashOf(v2), false)));
                break;
        }

        Assert.Equal(holds ? 1 : BootState.NoSlot, rig.Stored().PendingSlot);
    }

    [Theory]
    [InlineData(ApprovalPolicy.Either, "press the button on the device within 60 s")]
    [InlineData(ApprovalPolicy.WindowOnly, "only within 90 s after the device is powered on")]
    [InlineData(ApprovalPolicy.CodeOnly, "prove the owner code")]
    [InlineData(ApprovalPolicy.ButtonOrCode, "press the button on the device within 60 s, or prove the owner code")]
    [InlineData(ApprovalPolicy.WindowOrCode, "only within 90 s after the device is powered on, or prove the owner code")]
    public void TheRefusalSaysWhatApproves(ApprovalPolicy policy, string hint)
    {
        using var rig = Running(Settings(policy));
        var v2 = rig.Image("2.0.0", 2);
        rig.Upload(v2);
        Assert.StartsWith("approval required: " + hint, Reason(rig.StateWrite(HashOf(v2), false)));
    }

    [Fact]
    public void TheDefaultsAreUnchanged()
    {
        var settings = new ApprovalSettings();
        Assert.Equal(ApprovalPolicy.Either, settings.Policy);
        Assert.Null(settings.OwnerCode);
        Assert.Equal(3, (int)ApprovalPolicy.Either);
        Assert.Equal(1, (int)ApprovalPolicy.ButtonOnly);
        Assert.Equal(2, (int)ApprovalPolicy.WindowOnly);
    }
}
