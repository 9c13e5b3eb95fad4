using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

/// <summary>
/// fields=a,b: keeps only those properties of each item of a list response, so mobile clients get
/// small payloads. The field names are validated by the query's validator before the handler runs.
/// </summary>
public sealed class SparseFieldsFilter(IOptions<JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var fields = context.HttpContext.Request.Query["fields"].ToString();
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (string.IsNullOrWhiteSpace(fields) || outcome is not IValueHttpResult { Value: { } value } || outcome is not IStatusCodeHttpResult { StatusCode: 200 })
        {
            return result;
        }

        var keep = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions)!.AsObject();
        foreach (var item in node["items"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            foreach (var name in item.Select(p => p.Key).Where(name => !keep.Contains(name)).ToList())
            {
                item.Remove(name);
            }
        }

        return TypedResults.Json(node, json.Value.SerializerOptions);
    }
}
