using BlueGreen.Core.HaProxy;

namespace BlueGreen.Tests.HaProxy;

public sealed class HaProxyStatParserTests
{
    [Fact]
    public void Parse_CapturedBaseline_ReadsEveryRowByHeaderName()
    {
        var rows = HaProxyStatParser.Parse(HaProxyTestData.Stat("baseline"));

        Assert.Equal(
            ["fe/FRONTEND", "app/s1", "app/s2", "app/s3", "app/s4", "app/s5", "app/s6", "app/BACKEND", "app404/n1", "app404/BACKEND"],
            rows.Select(r => $"{r.ProxyName}/{r.ServiceName}"));
        var byName = rows.Where(r => r.ProxyName == "app").ToDictionary(r => r.ServiceName);
        Assert.Equal(("UP", "L7OK"), (byName["s1"].Status, byName["s1"].CheckStatus));
        Assert.Equal(("MAINT", ""), (byName["s2"].Status, byName["s2"].CheckStatus));
        Assert.Equal(("DOWN", "L4CON"), (byName["s3"].Status, byName["s3"].CheckStatus));
        Assert.Equal(("no check", ""), (byName["s5"].Status, byName["s5"].CheckStatus));
        Assert.Equal(1, byName["s1"].Weight);
        Assert.Equal(4, byName["BACKEND"].Weight);
        Assert.True(byName["BACKEND"].IsBackend);
        Assert.Equal("NOLB", rows.Single(r => r.ServiceName == "n1").Status);
        Assert.Equal("L7OKC", rows.Single(r => r.ServiceName == "n1").CheckStatus);
    }

    [Fact]
    public void Parse_CapturedFrontendRow_EmptyNumbersReadAsZero()
    {
        var frontend = HaProxyStatParser.Parse(HaProxyTestData.Stat("baseline")).Single(r => r.IsFrontend);

        // The FRONTEND row leaves qcur, econ, eresp, wretr, wredis empty.
        Assert.Equal("OPEN", frontend.Status);
        Assert.Equal(0, frontend.CurrentQueue);
        Assert.Equal(0, frontend.ConnectionErrors);
        Assert.Equal(0, frontend.Retries);
    }

    [Fact]
    public void Parse_CapturedDrainWithOpenSession_ShowsScurOnServerAndBackend()
    {
        var rows = HaProxyStatParser.Parse(HaProxyTestData.Stat("maint-and-drain-with-session"));

        var s4 = rows.Single(r => r.ProxyName == "app" && r.ServiceName == "s4");
        Assert.Equal("DRAIN", s4.Status);
        Assert.Equal(1, s4.CurrentSessions);
        Assert.Equal(1, s4.TotalSessions);
        Assert.Equal(1, rows.Single(r => r.ProxyName == "app" && r.IsBackend).CurrentSessions);
        Assert.Equal("MAINT (via app/s1)", rows.Single(r => r.ServiceName == "s6").Status);
    }

    [Theory]
    [InlineData("rising-1", "s3", "DOWN 1/3", "L7OK")]
    [InlineData("rising-2", "s3", "DOWN 2/3", "L7OK")]
    [InlineData("falling-1", "s3", "UP 2/3", "L4CON")]
    [InlineData("falling-2", "s3", "UP 1/3", "L4CON")]
    [InlineData("drain-going-down", "s4", "DRAIN 2/3", "L4CON")]
    [InlineData("ready-from-maint-live-1", "s2", "UP 1/3", "L7OK")]
    public void Parse_CapturedTransitionalStatus_KeepsTextAsPrinted(string scenario, string server, string status, string check)
    {
        var row = HaProxyStatParser.Parse(HaProxyTestData.Stat(scenario)).Single(r => r.ProxyName == "app" && r.ServiceName == server);

        Assert.Equal(status, row.Status);
        Assert.Equal(check, row.CheckStatus);
    }

    [Fact]
    public void Parse_CapturedBackend502_CountsHrsp5xxAndEresp()
    {
        // The drained server's port was killed while a /slow request was open: the client got a 502.
        var backend = HaProxyStatParser.Parse(HaProxyTestData.Stat("drain-down")).Single(r => r.ProxyName == "app" && r.IsBackend);

        Assert.Equal(1, backend.Http5xx);
        Assert.Equal(1, backend.ResponseErrors);
    }

    [Fact]
    public void Parse_CapturedFalling1_ReadsCountersAsTheStatsPageShowsThem()
    {
        // s4 served one request before the capture (107 bytes in, 209 out); s3 changed state 1 s before, s1 6 s before.
        var rows = HaProxyStatParser.Parse(HaProxyTestData.Stat("falling-1")).Where(r => r.ProxyName == "app").ToDictionary(r => r.ServiceName);

        var s4 = rows["s4"];
        Assert.Equal((1L, 0L, 0L, 0L), (s4.TotalSessions, s4.Http5xx, s4.Retries, s4.Redispatches));
        Assert.Equal<long?>(107, s4.BytesIn);
        Assert.Equal<long?>(209, s4.BytesOut);
        Assert.Equal<long?>(4, s4.SecondsSinceChange);
        Assert.Equal<long?>(0, rows["s3"].BytesIn);
        Assert.Equal<long?>(1, rows["s3"].SecondsSinceChange);
        Assert.Equal<long?>(6, rows["s1"].SecondsSinceChange);
        Assert.Equal<long?>(107, rows["BACKEND"].BytesIn);
        Assert.Equal<long?>(209, rows["BACKEND"].BytesOut);
    }

    [Fact]
    public void Parse_CountersColumnsMissingOrEmpty_ReadAsNullNotZero()
    {
        var rows = HaProxyStatParser.Parse("# pxname,svname,status,lastchg,bin\napp,s1,UP,,12\napp,s2,UP,3,\n");

        Assert.Equal<long?>(12, rows[0].BytesIn);
        Assert.Null(rows[0].BytesOut);
        Assert.Null(rows[0].SecondsSinceChange);
        Assert.Null(rows[1].BytesIn);
        Assert.Equal<long?>(3, rows[1].SecondsSinceChange);
    }

    [Fact]
    public void Parse_ColumnsReorderedAndMissing_UsesHeaderNames()
    {
        const string text = "# svname,status,pxname,scur,extra_col\nweb1,UP,be,7,whatever\nBACKEND,UP,be,7,\n\n";

        var rows = HaProxyStatParser.Parse(text);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("be", "web1", "UP", 7), (rows[0].ProxyName, rows[0].ServiceName, rows[0].Status, rows[0].CurrentSessions));
        Assert.Equal(0, rows[0].CurrentQueue);
        Assert.Equal(0, rows[0].Http5xx);
        Assert.Equal("", rows[0].CheckStatus);
    }

    [Fact]
    public void Parse_CheckInProgressMark_IsStripped()
    {
        // Seen on a real 2.6 while a check was running: "* L4CON".
        var rows = HaProxyStatParser.Parse("# pxname,svname,status,check_status,\napp,s3,DOWN,* L4CON,\n");

        Assert.Equal("L4CON", rows[0].CheckStatus);
    }

    [Fact]
    public void Parse_QuotedFieldWithComma_IsOneField()
    {
        var rows = HaProxyStatParser.Parse("# pxname,svname,check_desc,status\napp,s1,\"a, \"\"b\"\"\",UP\n");

        Assert.Equal("UP", rows[0].Status);
    }

    [Theory]
    [InlineData("answer-unknown-command.txt")]
    [InlineData("answer-permission-denied.txt")]
    [InlineData("answer-set-ok.txt")]
    public void Parse_ErrorAnswer_ThrowsFormatExceptionQuotingIt(string answerFile)
    {
        var ex = Assert.Throws<FormatException>(() => HaProxyStatParser.Parse(HaProxyTestData.Read(answerFile)));

        Assert.Contains("Not 'show stat' output", ex.Message);
    }

    [Fact]
    public void Parse_NonNumericCounter_ThrowsNamingColumn()
    {
        var ex = Assert.Throws<FormatException>(() => HaProxyStatParser.Parse("# pxname,svname,scur\napp,s1,lots\n"));

        Assert.Contains("scur", ex.Message);
    }
}
