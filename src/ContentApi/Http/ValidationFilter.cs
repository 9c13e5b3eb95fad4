using System.Reflection;
using FluentValidation;

namespace ContentApi.Http;

/// <summary>
/// Validates every handler argument that has an <see cref="IValidator{T}"/>, before the handler runs,
/// and answers 400 with the field errors when one fails.
/// </summary>
public static class ValidationFilter
{
    /// <summary>
    /// Registers every validator in the assembly: once for the process, built with their rules up front, except those
    /// that read the database (they check that what a request refers to exists), made per request with its context.
    /// </summary>
    public static IServiceCollection AddContentValidators(this IServiceCollection services)
    {
        static bool ReadsDatabase(Type validator) =>
            validator.GetConstructors().Any(c => c.GetParameters().Any(p => typeof(Microsoft.EntityFrameworkCore.DbContext).IsAssignableFrom(p.ParameterType)));

        services.AddValidatorsFromAssemblyContaining<ContentDb>(ServiceLifetime.Singleton, filter: v => !ReadsDatabase(v.ValidatorType));
        services.AddValidatorsFromAssemblyContaining<ContentDb>(ServiceLifetime.Scoped, filter: v => ReadsDatabase(v.ValidatorType));
        return services;
    }

    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices;
            var validated = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (Index: index, Type: ValidatorTypeFor(parameter, services)))
                .Where(p => p.Type is not null)
                .ToArray();
            if (validated.Length == 0)
            {
                return next;
            }

            return async invocation =>
            {
                foreach (var (index, validatorType) in validated)
                {
                    if (invocation.Arguments[index] is not { } argument)
                    {
                        continue;
                    }

                    var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType!);
                    var problem = await Validate(validator, argument, invocation.HttpContext.RequestAborted);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return await next(invocation);
            };
        });

        builder.Add(endpoint =>
        {
            var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
            if (method is not null && method.GetParameters().Any(p => ValidatorTypeFor(p, endpoint.ApplicationServices) is not null))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
            }
        });
        return builder;
    }

    /// <summary>Runs a validator and turns its failures into a 400 validation problem, or null when valid.</summary>
    public static async Task<ValidationProblem?> Validate(IValidator validator, object value, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(new ValidationContext<object>(value), ct);
        return result.IsValid
            ? null
            : TypedResults.ValidationProblem(
                result.ToDictionary(),
                detail: string.Join(" ", result.Errors.Take(3).Select(e => e.ErrorMessage))
                    + (result.Errors.Count > 3 ? $" ({result.Errors.Count - 3} more in errors.)" : ""),
                title: "Validation failed");
    }

    private static Type? ValidatorTypeFor(ParameterInfo parameter, IServiceProvider services)
    {
        var validatorType = typeof(IValidator<>).MakeGenericType(parameter.ParameterType);
        return services.GetRequiredService<IServiceProviderIsService>().IsService(validatorType) ? validatorType : null;
    }
}
