namespace BlueGreen.Tests;

public class SmokeTest
{
    [Fact]
    public void Options_Defaults_LabEnabled() => Assert.True(new BlueGreen.Core.BlueGreenOptions().Lab.Enabled);
}
