using System.Text.Json;

namespace BlueGreen.SampleApp;

/// <summary>The item API: <c>GET/POST /item</c>, <c>GET/PUT/DELETE /item/{id}</c>, and in 2.x <c>GET /item/stats</c>
/// plus <c>?search=</c> / <c>?category=</c> filters. A <c>-broken</c> build answers every one of them with 500.</summary>
internal static class ItemEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxCategoryLength = 50;
    private const decimal MaxPrice = 1_000_000m;

    public static void MapItemEndpoints(this WebApplication app, AppVersion version, ItemStore store)
    {
        var items = app.MapGroup("/item");
        if (version.IsBroken)
        {
            // Health stays green on purpose: only a smoke test of the real API can tell this build is bad.
            items.AddEndpointFilter((_, _) => ValueTask.FromResult<object?>(
                Results.Json(new ErrorResponse($"Version {version.Text} is broken: the item store is unavailable."),
                    SampleAppJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status500InternalServerError)));
        }

        items.MapGet("", (HttpRequest request) => Results.Json(Filter(store.All, request, version), SampleAppJsonContext.Default.IReadOnlyListItem));

        if (version.HasCatalogFeatures)
        {
            items.MapGet("/stats", () => Results.Json(Stats(store.All), SampleAppJsonContext.Default.ItemStats));
        }

        items.MapGet("/{id:int}", (int id) => store.Find(id) is { } item
            ? Results.Json(Shape(item, version), SampleAppJsonContext.Default.Item)
            : NotFound(id));

        items.MapPost("", async (HttpRequest request) =>
        {
            var (input, problem) = await ReadAndValidateAsync(request, version);
            if (problem is not null)
            {
                return problem;
            }
            var item = store.Add(input!.Name!.Trim(), input.Price!.Value, Category(input, version));
            request.HttpContext.Response.Headers.Location = $"/item/{item.Id}";
            return Results.Json(Shape(item, version), SampleAppJsonContext.Default.Item, statusCode: StatusCodes.Status201Created);
        });

        items.MapPut("/{id:int}", async (int id, HttpRequest request) =>
        {
            if (store.Find(id) is null)
            {
                return NotFound(id);
            }
            var (input, problem) = await ReadAndValidateAsync(request, version);
            if (problem is not null)
            {
                return problem;
            }
            var item = store.Replace(id, input!.Name!.Trim(), input.Price!.Value, Category(input, version));
            return item is null ? NotFound(id) : Results.Json(Shape(item, version), SampleAppJsonContext.Default.Item);
        });

        items.MapDelete("/{id:int}", (int id) => store.Remove(id) ? Results.NoContent() : NotFound(id));
    }

    private static IReadOnlyList<Item> Filter(IReadOnlyList<Item> all, HttpRequest request, AppVersion version)
    {
        if (!version.HasCatalogFeatures)
        {
            // 1.x knows no filters and no categories: a query string is ignored, as an old build would.
            return [.. all.Select(i => Shape(i, version))];
        }
        var search = request.Query["search"].ToString();
        var category = request.Query["category"].ToString();
        if (search.Length == 0 && category.Length == 0)
        {
            return all;
        }
        return
        [
            .. all.Where(i =>
                (search.Length == 0
                    || i.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                    || (i.Category?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false))
                && (category.Length == 0 || string.Equals(i.Category, category, StringComparison.OrdinalIgnoreCase))),
        ];
    }

    private static ItemStats Stats(IReadOnlyList<Item> all)
    {
        var total = all.Sum(i => i.Price);
        var average = all.Count == 0 ? 0m : Math.Round(total / all.Count, 2);
        var categories = all
            .GroupBy(i => i.Category ?? "", StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        return new ItemStats(all.Count, total, average, categories);
    }

    private static Item Shape(Item item, AppVersion version) =>
        version.HasCatalogFeatures ? item : item with { Category = null };

    private static string? Category(ItemInput input, AppVersion version) =>
        version.HasCatalogFeatures && !string.IsNullOrWhiteSpace(input.Category) ? input.Category.Trim() : null;

    private static IResult NotFound(int id) =>
        Results.Json(new ErrorResponse($"Item {id} was not found."), SampleAppJsonContext.Default.ErrorResponse,
            statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message, IReadOnlyDictionary<string, string>? details = null) =>
        Results.Json(new ErrorResponse(message, details), SampleAppJsonContext.Default.ErrorResponse,
            statusCode: StatusCodes.Status400BadRequest);

    private static async Task<(ItemInput? Input, IResult? Problem)> ReadAndValidateAsync(HttpRequest request, AppVersion version)
    {
        ItemInput? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync(request.Body, SampleAppJsonContext.Default.ItemInput, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The body is not a valid JSON item: problem at {ex.Path ?? "$"} (line {ex.LineNumber}, byte {ex.BytePositionInLine})."));
        }
        if (input is null)
        {
            return (null, BadRequest("The body must be a JSON object like {\"name\":\"...\",\"price\":1.5}."));
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            details["name"] = "name is required.";
        }
        else if (input.Name.Trim().Length > MaxNameLength)
        {
            details["name"] = $"name must be at most {MaxNameLength} characters.";
        }
        if (input.Price is null)
        {
            details["price"] = "price is required.";
        }
        else if (input.Price is < 0 or > MaxPrice)
        {
            details["price"] = $"price must be between 0 and {MaxPrice}.";
        }
        if (version.HasCatalogFeatures && input.Category is { } category && category.Trim().Length > MaxCategoryLength)
        {
            details["category"] = $"category must be at most {MaxCategoryLength} characters.";
        }
        return details.Count == 0 ? (input, null) : (null, BadRequest("Validation failed.", details));
    }
}
