using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

public sealed class KnownHostsFileTests
{
    private static readonly byte[] s_key = TestKeys.Blob(TestKeys.Ed25519);

    [Fact]
    public void For_PlainHostLine_MatchesPort22Only()
    {
        var file = KnownHostsFile.Parse($"web1.example.com {TestKeys.Ed25519}\n");

        Assert.Single(file.For(new SshEndpoint("web1.example.com", 22)));
        Assert.Single(file.For(new SshEndpoint("WEB1.Example.com", 22)));
        Assert.Empty(file.For(new SshEndpoint("web1.example.com", 2222)));
        Assert.Empty(file.For(new SshEndpoint("web2.example.com", 22)));
    }

    [Fact]
    public void For_BracketedHostPort_MatchesThatPortOnly()
    {
        var file = KnownHostsFile.Parse($"[10.0.0.5]:2222 {TestKeys.Ed25519} comment words\n");

        var entry = Assert.Single(file.For(new SshEndpoint("10.0.0.5", 2222)));
        Assert.Equal("ssh-ed25519", entry.KeyType);
        Assert.True(entry.HasKey(s_key));
        Assert.Equal(TestKeys.Ed25519Fingerprint, entry.Fingerprint);
        Assert.Empty(file.For(new SshEndpoint("10.0.0.5", 22)));
        Assert.Empty(file.For(new SshEndpoint("10.0.0.5", 2223)));
    }

    [Fact]
    public void For_HashedLinesFromSshKeygen_Match()
    {
        var file = KnownHostsFile.Parse(TestKeys.HashedKnownHosts);

        Assert.Single(file.For(new SshEndpoint("10.0.0.5", 2222)));
        Assert.Single(file.For(new SshEndpoint("web1.example.com", 22)));
        Assert.Empty(file.For(new SshEndpoint("10.0.0.5", 22)));
        Assert.Empty(file.For(new SshEndpoint("web2.example.com", 22)));
    }

    [Fact]
    public void For_PatternList_WildcardsAndNegation()
    {
        var file = KnownHostsFile.Parse($"app?.example.com,*.lab.example.com,!bad.lab.example.com,10.0.0.7 {TestKeys.Ed25519}\n");

        Assert.Single(file.For(new SshEndpoint("app1.example.com", 22)));
        Assert.Empty(file.For(new SshEndpoint("app12.example.com", 22)));
        Assert.Single(file.For(new SshEndpoint("a.b.lab.example.com", 22)));
        Assert.Empty(file.For(new SshEndpoint("bad.lab.example.com", 22)));
        Assert.Single(file.For(new SshEndpoint("10.0.0.7", 22)));
    }

    [Fact]
    public void Parse_CommentsBlanksAndBadLines_SkipsThemWithLineNumbers()
    {
        var file = KnownHostsFile.Parse($"""
            # a comment

            onlyhost
            web1 ssh-ed25519 not*base64
            @weird web1 {TestKeys.Ed25519}
            web1 {TestKeys.Ed25519}
            """);

        var entry = Assert.Single(file.Entries);
        Assert.Equal(6, entry.LineNumber);
        Assert.Equal(3, file.Problems.Count);
        Assert.StartsWith("line 3:", file.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("line 4:", file.Problems[1], StringComparison.Ordinal);
        Assert.StartsWith("line 5:", file.Problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_MarkedKey_FoundAndNotOfferedAsKnown()
    {
        var file = KnownHostsFile.Parse($"@revoked * {TestKeys.Ed25519}\nweb1 {TestKeys.OtherEd25519}\n");
        var endpoint = new SshEndpoint("web1", 22);

        Assert.NotNull(file.Revoked(endpoint, s_key));
        Assert.Null(file.Revoked(endpoint, TestKeys.Blob(TestKeys.OtherEd25519)));
        Assert.Single(file.For(endpoint));
    }

    [Fact]
    public void Load_MissingFile_Empty()
    {
        var file = KnownHostsFile.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}"));

        Assert.Empty(file.Entries);
        Assert.NotNull(file.Path);
    }

    [Fact]
    public void ExpandHome_TildeSlash_UsesHomeFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, ".ssh/known_hosts"), KnownHostsFile.ExpandHome("~/.ssh/known_hosts"));
        Assert.Equal("/etc/ssh/ssh_known_hosts", KnownHostsFile.ExpandHome("/etc/ssh/ssh_known_hosts"));
    }
}
