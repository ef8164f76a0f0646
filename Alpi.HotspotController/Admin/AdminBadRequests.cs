using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// Answers the administration API's request-binding failures in one place: minimal APIs throw them
/// (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>, set by <see cref="AdminApi.AddAlpiHotspotAdminApi"/>) as
/// <see cref="BadHttpRequestException"/>, which this middleware turns into an RFC 9457 problem naming what is wrong:
/// for a JSON body, the member by its JSON path and what it should hold in plain words (<see cref="JsonBodyError"/>:
/// a wrong type, an unknown member, text that is not JSON), never the server's type names; for a route or query value
/// that is not of its type, the parameter and the value; for a body that is not <c>application/json</c>, a 415 problem
/// naming <c>body</c> (also when routing, not a handler, refused it: it answers an empty 415 otherwise). Each is logged
/// at debug level (never the body).
/// </summary>
public static partial class AdminBadRequests
{
    /// <summary>Adds the middleware (called by <see cref="HotspotApplication.Create"/>, before the endpoints run).</summary>
    public static IApplicationBuilder UseAlpiAdminBadRequests(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var json = app.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminBadRequests));
        return app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
                // Routing itself answers a body of another media type (text/plain) with an empty 415, before any handler.
                if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType && !http.Response.HasStarted
                    && http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    var problem = UnsupportedMediaType();
                    Log.Refused(logger, http.Request.Method, http.Request.Path, problem.Detail);
                    await Results.Json(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status).ExecuteAsync(http);
                }
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted && e.StatusCode is >= 400 and < 500 && e.StatusCode != StatusCodes.Status413PayloadTooLarge)
            {
                var problem = Describe(http, e, json);
                Log.Refused(logger, http.Request.Method, http.Request.Path, problem.Detail);
                await Results.Json(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status).ExecuteAsync(http);
            }
        });
    }

    private static ApiProblem Describe(HttpContext http, BadHttpRequestException e, JsonSerializerOptions json)
    {
        if (e.InnerException is JsonException jsonError)
        {
            return JsonBodyError.Describe(jsonError, RequestTypeInfo(http, json)).ToProblem();
        }

        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return UnsupportedMediaType();
        }

        var (detail, parameter) = BindFailure().Match(e.Message) is { Success: true } m
                ? ($"{m.Groups["name"].Value}: \"{m.Groups["value"].Value}\" is not a valid value", m.Groups["name"].Value)
                : http.Request.ContentLength == 0 || e.Message.Contains("no body was provided", StringComparison.Ordinal)
                    ? ("the body must be a JSON object", "body")
                    : ("the request could not be read: a required parameter is missing or malformed", "request");
        return new ApiProblem(ApiProblem.BadRequestType, Title, e.StatusCode, detail) { Parameter = parameter };
    }

    private const string Title = "The request is not what this endpoint accepts";

    private static ApiProblem UnsupportedMediaType() =>
        new(ApiProblem.TypeFor(StatusCodes.Status415UnsupportedMediaType), Title, StatusCodes.Status415UnsupportedMediaType,
            "the body must be JSON (Content-Type: application/json)") { Parameter = "body" };

    /// <summary>The metadata of the endpoint's JSON body type, from its <see cref="IAcceptsMetadata"/>, or null.</summary>
    private static JsonTypeInfo? RequestTypeInfo(HttpContext http, JsonSerializerOptions json)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not { } type)
        {
            return null;
        }

        try
        {
            return json.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    // ASP.NET Core's text for a route or query value that does not parse: Failed to bind parameter "int? limit" from "abc".
    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>[^" ]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} refused: {Detail}")]
        public static partial void Refused(ILogger logger, string method, PathString path, string detail);
    }
}
