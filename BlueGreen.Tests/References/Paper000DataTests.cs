using BlueGreen.Core.References;

namespace BlueGreen.Tests.References;

public sealed class Paper000DataTests
{
    [Fact]
    public void Scenarios_AreTabel1()
    {
        Assert.Equal([100, 150, 200, 250, 300, 350, 400, 450], Paper000Data.Scenarios.Select(s => s.RatePerClient));
        Assert.All(Paper000Data.Scenarios, s => Assert.Equal((2, 5000), (s.Clients, s.TotalRequests)));
        Assert.Equal((5, 3, 5), (Paper000Data.Repetitions(Paper000Condition.Before), Paper000Data.Repetitions(Paper000Condition.During), Paper000Data.Repetitions(Paper000Condition.After)));
    }

    [Fact]
    public void Findings_BeforeUpdate_GiveThePrintedNumbers()
    {
        // Section 3, the paragraph after Gambar 4-6: "packet loss ... mencapai 3,44% hingga 21,568% pada skenario 6
        // hingga 8 ... response time meningkat drastis, dari 9,22 ms pada skenario 1 menjadi 752,82 ms pada skenario 5".
        var loss = Paper000Data.For(Paper000Condition.Before, 7, Paper000Parameter.PacketLoss).Single(f => f.Category is null);
        Assert.Equal((3.44, 21.568, "%"), (loss.Low, loss.High, loss.Unit));
        Assert.Equal((9.22, 9.22), Range(Paper000Data.For(Paper000Condition.Before, 1, Paper000Parameter.ResponseTime).Single(f => f.Category is null)));
        Assert.Equal((752.82, 752.82), Range(Paper000Data.For(Paper000Condition.Before, 5, Paper000Parameter.ResponseTime).Single(f => f.Category is null)));
    }

    [Fact]
    public void Findings_DuringUpdate_GiveRangesAndGrades()
    {
        var throughput = Paper000Data.For(Paper000Condition.During, 3, Paper000Parameter.Throughput).Single();
        Assert.Equal((45.8, 90.53, "KB/s"), (throughput.Low, throughput.High, throughput.Unit));
        var loss = Paper000Data.For(Paper000Condition.During, 8, Paper000Parameter.PacketLoss).ToList();
        Assert.Contains(loss, f => f.Low == 8.78 && f.High == 35.24);
        Assert.Contains(loss, f => f.Category == "sedang" && f.CategoryIndex == 3 && f.TiphonIndex is null);
        var grade = Paper000Data.For(Paper000Condition.During, 6, Paper000Parameter.PacketLoss).Single(f => f.Category is not null);
        Assert.Equal((2, "baik", "indeks 2, 4-15%"), (grade.TiphonIndex, grade.Category, grade.Printed));
    }

    [Fact]
    public void Findings_AfterUpdate_SplitScenario6ByClient()
    {
        // "skenario 6 untuk client 1 ... sangat baik"; "Skenario 6 untuk client 2 ... baik (4-15%)".
        Assert.Equal("sangat baik", Paper000Data.For(Paper000Condition.After, 6, Paper000Parameter.PacketLoss, client: 1).Single().Category);
        Assert.Equal("baik", Paper000Data.For(Paper000Condition.After, 6, Paper000Parameter.PacketLoss, client: 2).Single().Category);
        var client2 = Paper000Data.For(Paper000Condition.After, 5, Paper000Parameter.ResponseTime, client: 2).Single(f => f.Category is null);
        Assert.Equal((81.52, 2), (client2.Low, client2.Client));
    }

    [Fact]
    public void Findings_AllConditionsGradeResponseTimePoorFromScenario6()
    {
        foreach (var condition in Enum.GetValues<Paper000Condition>())
        {
            var grade = Paper000Data.For(condition, 6, Paper000Parameter.ResponseTime).Single(f => f.TiphonIndex is not null);
            Assert.Equal((4, "buruk", 450.0), (grade.TiphonIndex!.Value, grade.Category!, grade.Low!.Value));
        }
        Assert.All(Paper000Data.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Quote)));
    }

    private static (double?, double?) Range(Paper000Finding finding) => (finding.Low, finding.High);
}
