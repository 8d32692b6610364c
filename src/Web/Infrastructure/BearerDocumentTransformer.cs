using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Tells OpenAPI readers that the API takes the bearer token from POST /api/v1/auth/token (or the sign-in cookie).</summary>
public sealed class BearerDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "ReformFlow API";
        document.Info.Description = "Student associations and student union reform workflows. Errors are RFC 7807 problem details.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer",
            Description = "Token from POST /api/v1/auth/token",
        };
        return Task.CompletedTask;
    }
}
