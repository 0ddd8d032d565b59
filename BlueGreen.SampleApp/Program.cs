namespace BlueGreen.SampleApp;

public static class SampleAppProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.Run();
    }
}
