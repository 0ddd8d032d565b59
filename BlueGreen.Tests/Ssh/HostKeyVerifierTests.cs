using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

public sealed class HostKeyVerifierTests
{
    private static readonly SshEndpoint s_endpoint = new("10.0.0.5", 2222);
    private static readonly byte[] s_key = TestKeys.Blob(TestKeys.Ed25519);

    [Fact]
    public void Check_KnownHostsLineMatches_Trusted()
    {
        var known = KnownHostsFile.Parse($"[10.0.0.5]:2222 {TestKeys.Ed25519}\n", "/home/ops/.ssh/known_hosts");

        Assert.Null(new HostKeyVerifier(new SshOptions()).Check(s_endpoint, s_key, known));
    }

    [Fact]
    public void Check_PinnedForHost_Trusted()
    {
        var options = new SshOptions();
        options.HostKeyFingerprintsByHost["10.0.0.5"] = [TestKeys.Ed25519Fingerprint];

        Assert.Null(new HostKeyVerifier(options).Check(s_endpoint, s_key, KnownHostsFile.Empty));
    }

    [Fact]
    public void Check_PinnedForAllHosts_Trusted()
    {
        var options = new SshOptions { HostKeyFingerprints = [TestKeys.Ed25519Fingerprint + "="] };

        Assert.Null(new HostKeyVerifier(options).Check(s_endpoint, s_key, KnownHostsFile.Empty));
    }

    [Fact]
    public void Check_NothingKnown_UnknownWithFingerprintAndWhereToPin()
    {
        var known = KnownHostsFile.Parse("", "/home/ops/.ssh/known_hosts");

        var refusal = new HostKeyVerifier(new SshOptions()).Check(s_endpoint, s_key, known);

        Assert.NotNull(refusal);
        Assert.Equal(HostKeyRefusal.Unknown, refusal.Refusal);
        Assert.Equal(TestKeys.Ed25519Fingerprint, refusal.Fingerprint);
        Assert.Equal($"[10.0.0.5]:2222 {TestKeys.Ed25519}", refusal.KnownHostsLine);
        Assert.Contains("10.0.0.5:2222", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(TestKeys.Ed25519Fingerprint, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("BlueGreen:Ssh:HostKeyFingerprintsByHost:10.0.0.5", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"add this line to /home/ops/.ssh/known_hosts: [10.0.0.5]:2222 {TestKeys.Ed25519}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnlyGlobalPinsDiffer_UnknownAndSaysSo()
    {
        var options = new SshOptions { HostKeyFingerprints = [TestKeys.OtherEd25519Fingerprint] };

        var refusal = new HostKeyVerifier(options).Check(s_endpoint, s_key, KnownHostsFile.Empty);

        Assert.Equal(HostKeyRefusal.Unknown, refusal?.Refusal);
        Assert.Contains("none of the 1 fingerprint(s) in BlueGreen:Ssh:HostKeyFingerprints matches", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_KnownHostsHasOtherKey_ChangedNamesOldAndNew()
    {
        var known = KnownHostsFile.Parse($"# old\n[10.0.0.5]:2222 {TestKeys.OtherEd25519}\n", "/home/ops/.ssh/known_hosts");

        var refusal = new HostKeyVerifier(new SshOptions()).Check(s_endpoint, s_key, known);

        Assert.Equal(HostKeyRefusal.Changed, refusal?.Refusal);
        Assert.Contains("CHANGED", refusal!.Message, StringComparison.Ordinal);
        Assert.Contains(TestKeys.Ed25519Fingerprint, refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"{TestKeys.OtherEd25519Fingerprint} (line 2 of /home/ops/.ssh/known_hosts)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HostPinDiffers_ChangedNamesConfigKey()
    {
        var options = new SshOptions();
        options.HostKeyFingerprintsByHost["10.0.0.5"] = [TestKeys.OtherEd25519Fingerprint];

        var refusal = new HostKeyVerifier(options).Check(s_endpoint, s_key, KnownHostsFile.Empty);

        Assert.Equal(HostKeyRefusal.Changed, refusal?.Refusal);
        Assert.Contains($"{TestKeys.OtherEd25519Fingerprint} (pinned in BlueGreen:Ssh:HostKeyFingerprintsByHost:10.0.0.5)", refusal!.Message, StringComparison.Ordinal);
        Assert.Contains($"replace the old pin with \"{TestKeys.Ed25519Fingerprint}\"", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RevokedEvenIfPinned_Refused()
    {
        var options = new SshOptions { HostKeyFingerprints = [TestKeys.Ed25519Fingerprint] };
        var known = KnownHostsFile.Parse($"@revoked * {TestKeys.Ed25519}\n", "/etc/ssh/ssh_known_hosts");

        var refusal = new HostKeyVerifier(options).Check(s_endpoint, s_key, known);

        Assert.Equal(HostKeyRefusal.Revoked, refusal?.Refusal);
        Assert.Contains("@revoked on line 1 of /etc/ssh/ssh_known_hosts", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownKeyTypes_Lines_InFileOrderWithoutDuplicates()
    {
        var known = KnownHostsFile.Parse($"[10.0.0.5]:2222 {TestKeys.Rsa}\n[10.0.0.5]:2222 {TestKeys.Ed25519}\n[10.0.0.5]:2222 {TestKeys.OtherEd25519}\nother {TestKeys.Ed25519}\n");

        Assert.Equal(["ssh-rsa", "ssh-ed25519"], new HostKeyVerifier(new SshOptions()).KnownKeyTypes(s_endpoint, known));
    }
}
