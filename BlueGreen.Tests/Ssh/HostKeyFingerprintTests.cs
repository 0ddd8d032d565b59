using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

public sealed class HostKeyFingerprintTests
{
    [Theory]
    [InlineData(TestKeys.Ed25519, TestKeys.Ed25519Fingerprint)]
    [InlineData(TestKeys.OtherEd25519, TestKeys.OtherEd25519Fingerprint)]
    [InlineData(TestKeys.Rsa, TestKeys.RsaFingerprint)]
    public void Sha256_PublicKeyBlob_MatchesSshKeygen(string publicKey, string expected)
    {
        var fingerprint = HostKeyFingerprint.Sha256(TestKeys.Blob(publicKey));

        Assert.Equal(expected, fingerprint);
        Assert.DoesNotContain("=", fingerprint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestKeys.Ed25519, "ssh-ed25519")]
    [InlineData(TestKeys.Rsa, "ssh-rsa")]
    public void KeyTypeOf_PublicKeyBlob_ReadsType(string publicKey, string expected)
    {
        Assert.Equal(expected, HostKeyFingerprint.KeyTypeOf(TestKeys.Blob(publicKey)));
    }

    [Fact]
    public void KeyTypeOf_Garbage_Unknown()
    {
        Assert.Equal("unknown", HostKeyFingerprint.KeyTypeOf([0xff, 0xff, 0xff, 0xff, 1]));
    }

    [Theory]
    [InlineData("rsa-sha2-512", "ssh-rsa")]
    [InlineData("rsa-sha2-256", "ssh-rsa")]
    [InlineData("ssh-rsa", "ssh-rsa")]
    [InlineData("ssh-ed25519", "ssh-ed25519")]
    [InlineData("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256")]
    [InlineData("ssh-ed25519-cert-v01@openssh.com", null)]
    public void KeyTypeOfAlgorithm_Name_MapsToKeyType(string algorithm, string? expected)
    {
        Assert.Equal(expected, HostKeyFingerprint.KeyTypeOfAlgorithm(algorithm));
    }

    [Theory]
    [InlineData(TestKeys.Ed25519Fingerprint, true)]
    [InlineData(TestKeys.Ed25519Fingerprint + "=", true)]
    [InlineData("SHA256:short", false)]
    [InlineData("6j+RmIhuSLKtS5z96EQss8qlFhSz6ZwQOSQuAtKLYk8", false)]
    [InlineData("MD5:97:70:33:82:fd:29:3a:73:39:af:6a:07:ad:f8:80:49", false)]
    [InlineData("SHA256:6j+RmIhuSLKtS5z96EQss8qlFhSz6ZwQOSQuAtKLY!8", false)]
    [InlineData(null, false)]
    public void IsValidPin_Text_AcceptsOnlyOpenSshSha256(string? pin, bool expected)
    {
        Assert.Equal(expected, HostKeyFingerprint.IsValidPin(pin));
    }

    [Fact]
    public void Matches_PaddingAndSpaces_Ignored()
    {
        Assert.True(HostKeyFingerprint.Matches(" " + TestKeys.Ed25519Fingerprint + "= ", TestKeys.Ed25519Fingerprint));
        Assert.False(HostKeyFingerprint.Matches(TestKeys.Ed25519Fingerprint.ToLowerInvariant(), TestKeys.Ed25519Fingerprint));
    }
}
