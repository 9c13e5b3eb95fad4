using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Http;

/// <summary>
/// Refuses query parameters an operation does not take, with a 400 that lists the ones it does. An ignored parameter
/// (`&amp;v=1`) would make a new URL for the same answer, which no kept answer or CDN serves: a way around every cache.
/// The names an operation takes are read once from its handler: its query-bound parameters and the query-bound members
/// of its [AsParameters] records (a parameter named in the route template is not a query parameter).
/// </summary>
public static class KnownQueryParameters
{
    public static TBuilder RefuseUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
            var candidates = context.MethodInfo.GetParameters().SelectMany(p => QueryNames(p, services)).ToList();
            string[]? known = null;
            return invocation =>
            {
                var http = invocation.HttpContext;
                if (http.Request.Query.Count == 0)
                {
                    return next(invocation);
                }

                known ??= Known(candidates, http);
                var unknown = http.Request.Query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
                return unknown.Count == 0 ? next(invocation) : ValueTask.FromResult<object?>(Problem(unknown, known));
            };
        });
        builder.Add(endpoint => endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"])));
        return builder;
    }

    /// <summary>The candidates less the route template's parameters, in the handler's order.</summary>
    private static string[] Known(List<string> candidates, HttpContext http)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return [.. candidates.Where(c => !route.Contains(c)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static ValidationProblem Problem(List<string> unknown, string[] known)
    {
        var takes = known.Length == 0 ? "This operation takes no query parameters." : $"Known parameters: {string.Join(", ", known)}.";
        var message = $"Unknown query parameter{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown)}. {takes}";
        return TypedResults.ValidationProblem(
            unknown.ToDictionary(name => name, _ => new[] { message }), detail: message, title: "Unknown query parameter");
    }

    /// <summary>The query names a handler parameter may bind: its own, or its members' for [AsParameters].</summary>
    private static IEnumerable<string> QueryNames(ParameterInfo parameter, IServiceProviderIsService services)
    {
        if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
        {
            var constructor = parameter.ParameterType.GetConstructors().MaxBy(c => c.GetParameters().Length);
            return constructor?.GetParameters().SelectMany(p => QueryNames(p, services)) ?? [];
        }

        if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } fromQuery)
        {
            return [fromQuery.Name ?? parameter.Name!];
        }

        var boundElsewhere = parameter.GetCustomAttributes().Any(a => a is IFromRouteMetadata or IFromHeaderMetadata or IFromBodyMetadata
            or IFromServiceMetadata or IFromFormMetadata);
        return boundElsewhere || !IsSimple(parameter.ParameterType) || services.IsService(parameter.ParameterType) ? [] : [parameter.Name!];
    }

    /// <summary>What minimal APIs bind from the route or query string rather than the body or services.</summary>
    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return IsSimple(type.GetElementType()!);
        }

        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(DateOnly)
            || (type != typeof(ClaimsPrincipal) && type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is not null);
    }
}
