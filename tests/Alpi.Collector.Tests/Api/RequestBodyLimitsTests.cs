using Alpi.Collector.Api.Limits;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Tests.Api;

public class RequestBodyLimitsTests
{
    private static readonly CollectorHttpOptions Options = new() { MaxRequestBodyBytes = 1024 * 1024, MaxSmallRequestBodyBytes = 16 * 1024 };

    [TestCase("POST", "/login", 16 * 1024)]
    [TestCase("POST", "/api/alerts/42/ack", 16 * 1024)]
    [TestCase("post", "/API/Alerts/42/ack/", 16 * 1024)]
    [TestCase("POST", "/api/silences", 16 * 1024)]
    [TestCase("POST", "/api/maintenance", 16 * 1024)]
    [TestCase("POST", "/api/alerts/rules/validate", 1024 * 1024, TestName = "LimitFor_RuleValidation_GetsTheGeneralLimitNotTheAcknowledgementOne")]
    [TestCase("POST", "/api/alerts/42/history", 1024 * 1024)]
    [TestCase("POST", "/api/silences/7/expire", 1024 * 1024)]
    [TestCase("GET", "/login", 1024 * 1024)]
    public void LimitFor_RouteTemplate_SelectsTheLimit(string method, string path, long expected) =>
        RequestBodyLimits.LimitFor(method, new PathString(path), Options).Should().Be(expected);
}
