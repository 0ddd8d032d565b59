using System.Net;
using System.Net.Sockets;
using BlueGreen.Core.HaProxy;

namespace BlueGreen.Tests.HaProxy;

public sealed class HaProxyAddressTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("unix:/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("  /tmp/x.sock  ", "/tmp/x.sock")]
    public void Parse_UnixForms_GiveSocketPath(string value, string path)
    {
        var address = HaProxyAddress.Parse(value);

        Assert.Equal(HaProxyAddressKind.Unix, address.Kind);
        Assert.Equal(path, address.Path);
        Assert.Equal(path, address.ToString());
        Assert.IsType<UnixDomainSocketEndPoint>(address.ToEndPoint());
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:9999", "127.0.0.1", 9999)]
    [InlineData("tcp://lb1.example:1234", "lb1.example", 1234)]
    [InlineData("TCP://10.0.0.1:80", "10.0.0.1", 80)]
    [InlineData("tcp://[::1]:9999", "::1", 9999)]
    public void Parse_TcpForm_GivesHostAndPort(string value, string host, int port)
    {
        var address = HaProxyAddress.Parse(value);

        Assert.Equal(HaProxyAddressKind.Tcp, address.Kind);
        Assert.Equal((host, port), (address.Host, address.Port));
    }

    [Fact]
    public void ToEndPoint_TcpIpLiteral_IsIpEndPoint()
    {
        var endPoint = Assert.IsType<IPEndPoint>(HaProxyAddress.Parse("tcp://127.0.0.1:9999").ToEndPoint());

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9999), endPoint);
        Assert.Equal("tcp://127.0.0.1:9999", HaProxyAddress.Parse("tcp://127.0.0.1:9999").ToString());
        Assert.Equal("tcp://[::1]:9999", HaProxyAddress.Parse("tcp://[::1]:9999").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("admin.sock")]
    [InlineData("run/haproxy/admin.sock")]
    [InlineData("unix:relative.sock")]
    [InlineData("unix:")]
    [InlineData("/")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://:9999")]
    [InlineData("tcp://127.0.0.1:0")]
    [InlineData("tcp://127.0.0.1:70000")]
    [InlineData("tcp://127.0.0.1:9999/path")]
    [InlineData("http://127.0.0.1:9999")]
    [InlineData("ipv4@127.0.0.1:9999")]
    [InlineData("127.0.0.1:9999")]
    public void Parse_OtherForms_ThrowNamingValueAndAcceptedForms(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => HaProxyAddress.Parse(value));

        Assert.Contains($"'{value}'", ex.Message);
        Assert.Contains("unix:/", ex.Message);
        Assert.Contains("tcp://host:port", ex.Message);
    }

    [Fact]
    public void Constructor_BadAddress_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new HaProxyRuntimeClient("localhost", TimeSpan.FromSeconds(1)));
    }
}
