using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

public sealed class SshEndpointTests
{
    [Theory]
    [InlineData("web1", "web1", 22)]
    [InlineData(" web1.example.com ", "web1.example.com", 22)]
    [InlineData("10.0.0.5:2222", "10.0.0.5", 2222)]
    [InlineData("[fe80::1]:2222", "fe80::1", 2222)]
    [InlineData("[fe80::1]", "fe80::1", 22)]
    [InlineData("fe80::1", "fe80::1", 22)]
    public void Parse_Forms_HostAndPort(string text, string host, int port)
    {
        Assert.Equal(new SshEndpoint(host, port), SshEndpoint.Parse(text, 22));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-oProxyCommand=x")]
    [InlineData("web 1")]
    [InlineData("web1:ssh")]
    [InlineData("web1:0")]
    [InlineData("web1:70000")]
    [InlineData("[fe80::1")]
    [InlineData("[fe80::1]2222")]
    public void Parse_Malformed_ThrowsNamingIt(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => SshEndpoint.Parse(text, 22));

        Assert.Contains("SSH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web1", 22, "web1")]
    [InlineData("web1", 2222, "[web1]:2222")]
    public void KnownHostsName_Port_OpenSshForm(string host, int port, string expected)
    {
        Assert.Equal(expected, new SshEndpoint(host, port).KnownHostsName);
    }

    [Fact]
    public void ToString_Ipv6_Bracketed()
    {
        Assert.Equal("[fe80::1]:22", new SshEndpoint("fe80::1", 22).ToString());
        Assert.Equal("web1:22", new SshEndpoint("web1", 22).ToString());
    }
}
