using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>
/// A property that may be null and whose schema is a reference ($ref to FeaturedImageDto, to an enum) said "object" and
/// nothing more: OpenAPI 3.0 ignores nullable beside a $ref. Such a property becomes allOf [the reference] with the
/// referenced type and nullable: true, so validators and generated clients take the null the service sends.
/// </summary>
public sealed class NullableReferencesSchemaFilter : ISchemaFilter
{
    private readonly NullabilityInfoContext _nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } || context.Type.IsPrimitive || context.Type == typeof(string))
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetValue(name, out var declared) || declared is not OpenApiSchemaReference reference || !MayBeNull(property)
                || reference.Reference.Id is not { } id || !context.SchemaRepository.Schemas.TryGetValue(id, out var target))
            {
                continue;
            }

            properties[name] = new OpenApiSchema
            {
                Type = (target.Type ?? JsonSchemaType.Object) | JsonSchemaType.Null,
                AllOf = [reference],
                Description = reference.Description ?? property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description,
            };
        }
    }

    private bool MayBeNull(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && _nullability.Create(property).ReadState == NullabilityState.Nullable);
}
