using System.ComponentModel;
using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>
/// Gives query parameters their [Description] where Swashbuckle does not on its own: enum-typed
/// properties of [AsParameters] records, whose schema is a reference.
/// </summary>
public sealed class DescriptionParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter { Description: null } concrete)
        {
            concrete.Description = context.PropertyInfo?.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? context.ParameterInfo?.GetCustomAttribute<DescriptionAttribute>()?.Description;
        }
    }
}
