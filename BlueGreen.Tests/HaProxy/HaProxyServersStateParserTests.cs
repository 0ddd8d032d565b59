using BlueGreen.Core.HaProxy;

namespace BlueGreen.Tests.HaProxy;

public sealed class HaProxyServersStateParserTests
{
    [Fact]
    public void Parse_CapturedBaseline_ReadsOpAndAdminStateByHeaderName()
    {
        var rows = HaProxyServersStateParser.Parse(HaProxyTestData.Servers("baseline"));

        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6"], rows.Select(r => r.ServerName));
        Assert.All(rows, r => Assert.Equal("app", r.BackendName));
        var s1 = rows[0];
        Assert.Equal((HaProxyServerOpState.Running, HaProxyAdminFlags.None, 1), (s1.OpState, s1.AdminFlags, s1.UserWeight));
        Assert.Equal(("127.0.0.1", 18081), (s1.ServerAddress, s1.ServerPort));
        Assert.Equal(5, s1.CheckHealth);
        // "disabled" in the configuration: FMAINT | CMAINT.
        Assert.Equal(HaProxyAdminFlags.ForcedMaint | HaProxyAdminFlags.ConfigMaint, rows[1].AdminFlags);
        Assert.Equal(HaProxyServerOpState.Stopped, rows[1].OpState);
        Assert.Equal(HaProxyServerOpState.Stopped, rows[2].OpState);
    }

    [Fact]
    public void Parse_CapturedAllBackends_ReturnsEveryBackend()
    {
        var rows = HaProxyServersStateParser.Parse(HaProxyTestData.Servers("all"));

        Assert.Contains(rows, r => r.BackendName == "app" && r.ServerName == "s1");
        var n1 = Assert.Single(rows, r => r.BackendName == "app404");
        Assert.Equal(HaProxyServerOpState.Stopping, n1.OpState);
    }

    [Theory]
    [InlineData("maint-and-drain-with-session", "s1", HaProxyAdminFlags.ForcedMaint)]
    [InlineData("maint-and-drain-with-session", "s4", HaProxyAdminFlags.ForcedDrain)]
    [InlineData("maint-and-drain-with-session", "s6", HaProxyAdminFlags.ForcedMaint | HaProxyAdminFlags.InheritedMaint)]
    [InlineData("ready-after-config-disabled", "s2", HaProxyAdminFlags.ConfigMaint)]
    public void Parse_CapturedAdminBits_AreFlags(string scenario, string server, HaProxyAdminFlags expected)
    {
        var row = HaProxyServersStateParser.Parse(HaProxyTestData.Servers(scenario)).Single(r => r.ServerName == server);

        Assert.Equal(expected, row.AdminFlags);
    }

    [Fact]
    public void Parse_FewerColumnsInOtherOrder_UsesHeaderNames()
    {
        const string text = "1\n# srv_name be_name srv_admin_state srv_op_state\nweb1 be 8 2\n\n";

        var row = Assert.Single(HaProxyServersStateParser.Parse(text));

        Assert.Equal(("web1", "be", HaProxyAdminFlags.ForcedDrain, HaProxyServerOpState.Running),
            (row.ServerName, row.BackendName, row.AdminFlags, row.OpState));
        Assert.Equal(0, row.UserWeight);
    }

    [Fact]
    public void Parse_BackendWithoutServers_ReturnsEmpty()
    {
        var rows = HaProxyServersStateParser.Parse("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state\n\n");

        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("answer-cant-find-backend.txt")]
    [InlineData("answer-permission-denied.txt")]
    [InlineData("answer-unknown-command.txt")]
    public void Parse_ErrorAnswer_ThrowsFormatException(string answerFile)
    {
        Assert.Throws<FormatException>(() => HaProxyServersStateParser.Parse(HaProxyTestData.Read(answerFile)));
    }

    [Fact]
    public void Parse_OtherVersion_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FormatException>(() => HaProxyServersStateParser.Parse("2\n# be_name srv_name srv_op_state srv_admin_state\n"));

        Assert.Contains("\"2\"", ex.Message);
    }

    [Fact]
    public void Parse_MissingRequiredColumn_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FormatException>(() => HaProxyServersStateParser.Parse("1\n# be_name srv_name srv_op_state\napp s1 2\n"));

        Assert.Contains("srv_admin_state", ex.Message);
    }
}
