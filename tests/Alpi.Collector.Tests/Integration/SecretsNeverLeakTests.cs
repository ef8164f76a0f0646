using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Alpi.Collector.Tests.Broker;
using Alpi.Testing;
using MQTTnet;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The product as shipped (<c>dotnet Alpi.Collector.dll</c>, with its local agent and the bundled hotspot controller), every
/// log level on, configured with a secret of each kind — SNMP communities and USM pass phrases (agent polling and trap
/// receiver), SMTP credentials, RADIUS shared secret and MAC password, captive-portal UAM secret and SMTP password,
/// administration token, InfluxDB password, MQTT passwords — and driven through start, traffic that uses each secret
/// (and wrong ones, whose refusals are logged), and stop. No secret may appear in its output nor in the JSON of
/// <c>/healthz</c> and the read APIs (../shared/ARCHITECTURE.md, "Non-negotiables": secrets are never logged).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SecretsNeverLeakTests
{
    private const string Tenant = "secrets";
    private const string MqttAgentPassword = "mqtt-agent-Zq7secret";
    private const string MqttWrongPassword = "mqtt-wrong-Zq7secret";
    private const string SnmpWrongCommunity = "snmp-wrong-Zq7secret";
    private const string SnmpWrongAuthPassword = "usm-wrong-Zq7secret";
    private const string TrapCommunity = "trap-community-Zq7secret";
    private const string TrapWrongCommunity = "trap-wrong-Zq7secret";
    private const string TrapAuthPassword = "trap-auth-Zq7secret";
    private const string TrapPrivPassword = "trap-priv-Zq7secret";
    private const string TrapEngineId = "0x8000000001020304";
    private const string SmtpPassword = "smtp-password-Zq7secret";
    private const string InfluxPassword = "influx-password-Zq7secret";
    private const string RadiusSecret = "radius-secret-Zq7secret";
    private const string RadiusWrongSecret = "radius-wrong-Zq7secret";
    private const string CitizenPassword = "citizen-password-Zq7secret";
    private const string MacPassword = "mac-password-Zq7secret";
    private const string UamSecret = "uam-secret-Zq7secret";
    private const string PortalSmtpPassword = "portal-smtp-Zq7secret";
    private const string AdminToken = "admin-token-Zq7secret-0123456789abcdef";
    private const string AdminWrongToken = "admin-wrong-Zq7secret-0123456789abcdef";
    private const string ApiToken = "api-token-Zq7secret-0123456789abcdef";
    private const string ApiWrongToken = "api-wrong-Zq7secret-0123456789abcdef";
    private const string AccountPassword = "account-password-Zq7secret";
    private const string AccountWrongPassword = "account-wrong-Zq7secret";

    private static readonly string[] Secrets =
    [
        MqttAgentPassword, MqttWrongPassword, SnmpdAgent.Community, SnmpdAgent.AuthPassword, SnmpdAgent.PrivPassword, SnmpWrongCommunity,
        SnmpWrongAuthPassword, TrapCommunity, TrapWrongCommunity, TrapAuthPassword, TrapPrivPassword, SmtpPassword, InfluxPassword, RadiusSecret,
        RadiusWrongSecret, CitizenPassword, MacPassword, UamSecret, PortalSmtpPassword, AdminToken, AdminWrongToken, ApiToken, ApiWrongToken,
        AccountPassword, AccountWrongPassword,
    ];

    [Test]
    public async Task FullRun_NoSecretInTheLogsNorInTheApis()
    {
        foreach (var tool in new[] { "/usr/bin/radclient", "/usr/bin/snmptrap", SmtpSink.Executable })
        {
            if (!File.Exists(tool))
            {
                Assert.Fail($"{tool} is missing: run ./test.sh, which installs the Debian packages the tests need.");
            }
        }

        using var folder = new TempDirectory("alpi-secrets");
        using var snmpd = await SnmpdAgent.StartAsync();
        using var sink = await SmtpSink.StartAsync();
        await ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", Tenant, "agent-1", MqttAgentPassword);
        var rules = Path.Combine(folder.Path, "rules.yaml");
        await File.WriteAllTextAsync(rules, """
            rules:
              - name: secret-probe
                kind: threshold
                measurement: secret_probe
                field: value
                function: last
                window: 1m
                above: 0
                severity: critical
            """);
        var ports = new { Http = FreePort.Tcp(), Broker = FreePort.Tcp(), Traps = FreePort.Udp(), Portal = FreePort.Tcp(), RadiusAuth = FreePort.Udp(), RadiusAcct = FreePort.Udp() };
        var settings = new Dictionary<string, string>
        {
            ["Collector:DataDirectory"] = Path.Combine(folder.Path, "data"),
            ["Collector:Http:Url"] = Url(ports.Http),
            ["Collector:Broker:Port"] = Invariant(ports.Broker),
            ["Collector:Broker:Authentication:Enabled"] = "true",
            ["Collector:Broker:Authentication:PasswordFile"] = Path.Combine(folder.Path, "alpi", "passwd"),
            ["Collector:Broker:Authentication:AclFile"] = Path.Combine(folder.Path, "alpi", "acl"),
            ["Collector:Storage:InfluxDb1:Username"] = "influx-user",
            ["Collector:Traps:Host"] = "127.0.0.1",
            ["Collector:Traps:Port"] = Invariant(ports.Traps),
            ["Collector:Traps:Communities:0"] = TrapCommunity,
            ["Collector:Traps:Users:0:EngineId"] = TrapEngineId[2..],
            ["Collector:Traps:Users:0:UserName"] = "trapuser",
            ["Collector:Traps:Users:0:AuthProtocol"] = "SHA",
            ["Collector:Traps:Users:0:AuthPassword"] = TrapAuthPassword,
            ["Collector:Traps:Users:0:PrivProtocol"] = "AES",
            ["Collector:Traps:Users:0:PrivPassword"] = TrapPrivPassword,
            ["Collector:Traps:Sources:0:Cidr"] = "127.0.0.0/8",
            ["Collector:Traps:Sources:0:Tenant"] = Tenant,
            ["Collector:Alerting:RulesFile"] = rules,
            ["Collector:Alerting:EvaluationInterval"] = "00:00:01",
            ["Collector:Alerting:Email:Host"] = "127.0.0.1",
            ["Collector:Alerting:Email:Port"] = Invariant(sink.Port),
            // smtp-sink offers no STARTTLS: delivery fails before the credentials are sent, and the failure is logged and retried.
            ["Collector:Alerting:Email:Security"] = "StartTls",
            ["Collector:Alerting:Email:Username"] = "astreinte",
            ["Collector:Alerting:Email:From"] = "alpi@collector.test",
            ["Collector:Alerting:Email:To:0"] = "astreinte@collector.test",
            ["Collector:Alerting:Delivery:InitialBackoff"] = "00:00:00.200",
            ["Agent:Interval"] = "00:00:01",
            ["Agent:Snmp:Devices:0:Name"] = "snmp-v2c",
            ["Agent:Snmp:Devices:0:Address"] = snmpd.Target,
            ["Agent:Snmp:Devices:0:Community"] = SnmpdAgent.Community,
            ["Agent:Snmp:Devices:0:Interval"] = "00:00:05",
            ["Agent:Snmp:Devices:1:Name"] = "snmp-v3",
            ["Agent:Snmp:Devices:1:Address"] = snmpd.Target,
            ["Agent:Snmp:Devices:1:Version"] = "3",
            ["Agent:Snmp:Devices:1:User"] = "shaaes",
            ["Agent:Snmp:Devices:1:AuthProtocol"] = "SHA",
            ["Agent:Snmp:Devices:1:AuthPassword"] = SnmpdAgent.AuthPassword,
            ["Agent:Snmp:Devices:1:PrivProtocol"] = "AES",
            ["Agent:Snmp:Devices:1:PrivPassword"] = SnmpdAgent.PrivPassword,
            ["Agent:Snmp:Devices:1:Interval"] = "00:00:05",
            ["Agent:Snmp:Devices:2:Name"] = "snmp-wrong-community",
            ["Agent:Snmp:Devices:2:Address"] = snmpd.Target,
            ["Agent:Snmp:Devices:2:Community"] = SnmpWrongCommunity,
            ["Agent:Snmp:Devices:2:Interval"] = "00:00:01",
            ["Agent:Snmp:Devices:2:Timeout"] = "00:00:00.500",
            ["Agent:Snmp:Devices:2:Retries"] = "0",
            ["Agent:Snmp:Devices:3:Name"] = "snmp-wrong-usm",
            ["Agent:Snmp:Devices:3:Address"] = snmpd.Target,
            ["Agent:Snmp:Devices:3:Version"] = "3",
            ["Agent:Snmp:Devices:3:User"] = "shaaes",
            ["Agent:Snmp:Devices:3:AuthProtocol"] = "SHA",
            ["Agent:Snmp:Devices:3:AuthPassword"] = SnmpWrongAuthPassword,
            ["Agent:Snmp:Devices:3:PrivProtocol"] = "AES",
            ["Agent:Snmp:Devices:3:PrivPassword"] = SnmpdAgent.PrivPassword,
            ["Agent:Snmp:Devices:3:Interval"] = "00:00:01",
            ["Agent:Snmp:Devices:3:Timeout"] = "00:00:00.500",
            ["Agent:Snmp:Devices:3:Retries"] = "0",
            ["Hotspot:DataDirectory"] = Path.Combine(folder.Path, "hotspot"),
            ["Hotspot:Radius:BindAddress"] = "127.0.0.1",
            ["Hotspot:Radius:AuthPort"] = Invariant(ports.RadiusAuth),
            ["Hotspot:Radius:AcctPort"] = Invariant(ports.RadiusAcct),
            ["Hotspot:Radius:Clients:0:Name"] = "borne-1",
            ["Hotspot:Radius:Clients:0:Address"] = "127.0.0.1",
            ["Hotspot:Radius:Clients:0:Tenant"] = Tenant,
            ["Hotspot:Radius:MacPassword"] = MacPassword,
            ["Hotspot:Portal:Url"] = Url(ports.Portal),
            ["Hotspot:Portal:Smtp:Host"] = "127.0.0.1",
            ["Hotspot:Portal:Smtp:Port"] = Invariant(sink.Port),
            ["Hotspot:Portal:Smtp:Security"] = "None",
            ["Hotspot:Portal:Smtp:Username"] = "portal",
            ["Hotspot:Admin:Tokens:0:Name"] = "ops",
            ["Hotspot:Admin:Tokens:0:Role"] = "admin",
            ["Hotspot:Telemetry:Interval"] = "00:00:01",
            ["Hotspot:Telemetry:Tenant"] = Tenant,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
        };
        // Secrets through the environment, as in the systemd units' EnvironmentFile; the others on the command line.
        var environment = new Dictionary<string, string>
        {
            ["ALPI_Collector__Alerting__Email__Password"] = SmtpPassword,
            ["ALPI_Collector__Storage__InfluxDb1__Password"] = InfluxPassword,
            ["ALPI_Hotspot__Radius__Clients__0__Secret"] = RadiusSecret,
            ["ALPI_Hotspot__Portal__UamSecret"] = UamSecret,
            ["ALPI_Hotspot__Portal__Privacy__ControllerName"] = "Syndicat mixte Numérique Exemple",
            ["ALPI_Hotspot__Portal__Privacy__ControllerAddress"] = "1 place de la Mairie, 99000 Exempleville",
            ["ALPI_Hotspot__Portal__Privacy__DpoContact"] = "dpo@numerique-exemple.fr",
            ["ALPI_Hotspot__Portal__Smtp__Password"] = PortalSmtpPassword,
            ["ALPI_Hotspot__Admin__Tokens__0__Token"] = AdminToken,
            ["ALPI_Collector__Security__Tokens__ops__Token"] = ApiToken,
            ["ALPI_Collector__Security__Tokens__ops__Scope"] = "admin",
        };
        var output = new ConcurrentQueue<string>();
        using var collector = StartCollector(settings, environment, folder.Path, output);
        using var http = new HttpClient { BaseAddress = new Uri(Url(ports.Http)), Timeout = TimeSpan.FromSeconds(10) };
        using var portal = new HttpClient { BaseAddress = new Uri(Url(ports.Portal)), Timeout = TimeSpan.FromSeconds(10) };
        var documents = new List<string>();
        try
        {
            (await Eventually.WaitAsync(async () => await TryGetAsync(http, "/healthz") is { } h && h.Contains("\"brokerConnected\":true", StringComparison.Ordinal) ? h : null,
                TimeSpan.FromSeconds(90))).Should().NotBeNull($"the collector starts:\n{string.Join('\n', output)}");

            // MQTT: an agent of the password file publishes (and triggers the alert whose e-mail uses the SMTP credentials);
            // a wrong password and an anonymous client are refused.
            using (var agent = await MqttTestClient.ConnectAsync(ports.Broker, $"{Tenant}.agent-1", MqttAgentPassword))
            {
                agent.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.Success);
                (await agent.PublishAsync($"alpi/{Tenant}/agent-1/metrics", "secret_probe value=1")).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
            }

            using (var wrong = await MqttTestClient.ConnectAsync(ports.Broker, $"{Tenant}.agent-1", MqttWrongPassword))
            {
                wrong.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.NotAuthorized);
            }

            // Traps: the right community, a wrong one, and a v3 authPriv trap.
            (await NetSnmpTool.RunAsync("snmptrap", "-v", "2c", "-c", TrapCommunity, Target(ports.Traps), "", "1.3.6.1.6.3.1.1.5.4")).ExitCode.Should().Be(0);
            (await NetSnmpTool.RunAsync("snmptrap", "-v", "2c", "-c", TrapWrongCommunity, Target(ports.Traps), "", "1.3.6.1.6.3.1.1.5.3")).ExitCode.Should().Be(0);
            (await NetSnmpTool.RunAsync("snmptrap", "-v", "3", "-e", TrapEngineId, "-u", "trapuser", "-l", "authPriv", "-a", "SHA", "-A", TrapAuthPassword,
                "-x", "AES", "-X", TrapPrivPassword, Target(ports.Traps), "", "1.3.6.1.6.3.1.1.5.1")).ExitCode.Should().Be(0);

            // RADIUS: a citizen's PAP request with the right secret (an unknown user: Access-Reject), then with a wrong secret (dropped).
            await RadclientAsync(ports.RadiusAuth, RadiusSecret, $"User-Name = \"alice@example.org\", User-Password = \"{CitizenPassword}\", Message-Authenticator = 0x00");
            await RadclientAsync(ports.RadiusAuth, RadiusWrongSecret, $"User-Name = \"alice@example.org\", User-Password = \"{CitizenPassword}\", Message-Authenticator = 0x00");

            // Administration API with the token, and with a wrong one.
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/nas"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminWrongToken);
                using var refused = await portal.SendAsync(request);
                ((int)refused.StatusCode).Should().Be(401);
            }

            portal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

            // Collector API: a wrong token; an account created with its password, then a login with a wrong one and the right one.
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/hosts"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiWrongToken);
                using var refused = await http.SendAsync(request);
                ((int)refused.StatusCode).Should().Be(401);
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
            using (var created = await http.PostAsync(new Uri("/api/security/users", UriKind.Relative), new StringContent(
                $$"""{"name":"tech-secret","role":"technician","password":"{{AccountPassword}}"}""", System.Text.Encoding.UTF8, "application/json")))
            {
                created.IsSuccessStatusCode.Should().BeTrue("the account is created: {0}", await created.Content.ReadAsStringAsync());
            }

            foreach (var password in new[] { AccountWrongPassword, AccountPassword })
            {
                using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
                browser.DefaultRequestHeaders.Add("Origin", Url(ports.Http)); // as a browser posting the login form
                using var login = await browser.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(
                    [new("username", "tech-secret"), new("password", password), new("returnUrl", "/")]));
                ((int)login.StatusCode).Should().Be(303);
                login.Headers.Location!.ToString().Should().Be(password == AccountPassword ? "/" : "/login?error=invalid&returnUrl=%2F");
            }

            // Wait for traffic that proves each path ran: SNMP polls stored, the v3 trap stored, the hotspot controller
            // online through the broker (its generated credentials), the alert's e-mail attempted.
            await ExpectAsync(http, output, "/api/series", "\"device\":\"snmp-v3\"", TimeSpan.FromSeconds(90), "the v3 device was polled with its USM pass phrases");
            await ExpectAsync(http, output, $"/api/events?tenant={Tenant}", "\"v3\"", TimeSpan.FromSeconds(30), "the v3 trap was accepted");
            await ExpectAsync(http, output, "/api/hosts", "\"host\":\"borne-1\"", TimeSpan.FromSeconds(60),
                "the bundled hotspot controller publishes its terminal through the authenticating broker");
            await ExpectAsync(http, output, "/api/alerts", "secret-probe", TimeSpan.FromSeconds(60), "the alert fired and its e-mail delivery was attempted");
            await Task.Delay(TimeSpan.FromSeconds(3)); // a few more rounds of polling, refusals and delivery retries

            foreach (var path in new[] { "/healthz", "/api/hosts", "/api/series", $"/api/events?tenant={Tenant}", "/api/alerts", "/api/oncall", "/api/silences", "/api/maintenance",
                "/api/security/users", "/api/security/audit" })
            {
                documents.Add(path + " " + (await TryGetAsync(http, path) ?? ""));
            }

            foreach (var path in new[] { "/api/admin/nas", "/api/admin/users", "/api/admin/sessions" })
            {
                documents.Add(path + " " + (await TryGetAsync(portal, path) ?? ""));
            }
        }
        finally
        {
            await StopAsync(collector);
        }

        var logs = string.Join('\n', output);
        logs.Should().Contain("Embedded MQTT broker listening", "the output was captured")
            .And.Contain($"unknown user {Tenant}.agent-1 or wrong password", "the refused MQTT login was logged");
        documents.Should().HaveCount(13).And.AllSatisfy(d => d.Should().NotEndWith(" "), "every API answered");
        // The first start's administrator password is in its file for the administrator, never in the logs.
        var initialPassword = (await File.ReadAllTextAsync(Path.Combine(folder.Path, "data", "initial-admin-password"))).Trim();
        initialPassword.Length.Should().BeGreaterThanOrEqualTo(16, "a generated password");
        foreach (var secret in Secrets.Append(initialPassword))
        {
            logs.Should().NotContain(secret, "secrets are never logged");
            foreach (var document in documents)
            {
                document.Should().NotContain(secret, "secrets are never in API responses");
            }
        }
    }

    /// <summary>
    /// Waits until the JSON of <paramref name="path"/> contains <paramref name="expected"/>; on time-out fails with the hosts,
    /// the series and the warnings and errors logged so far.
    /// </summary>
    private static async Task ExpectAsync(HttpClient http, ConcurrentQueue<string> output, string path, string expected, TimeSpan timeout, string what)
    {
        var found = await Eventually.WaitAsync(async () => await TryGetAsync(http, path) is { } body && body.Contains(expected, StringComparison.Ordinal) ? body : null, timeout);
        if (found is not null)
        {
            return;
        }

        var lines = output.ToList();
        var problems = lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal))
            .SelectMany(l => lines.Skip(l.i).Take(2)).TakeLast(60);
        Assert.Fail($"{what}: {expected} not in {path} after {timeout}.\nhosts {await TryGetAsync(http, "/api/hosts")}\nseries {await TryGetAsync(http, "/api/series")}\n"
            + $"warnings and errors:\n{string.Join('\n', problems)}");
    }

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Url(int port) => $"http://127.0.0.1:{Invariant(port)}";

    private static string Target(int port) => $"127.0.0.1:{Invariant(port)}";

    private static Process StartCollector(Dictionary<string, string> settings, Dictionary<string, string> environment, string workingDirectory, ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.Collector.dll"));
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Keep(string? line)
        {
            if (line is not null)
            {
                output.Enqueue(line);
            }
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // SIGTERM, as systemd stops it: the agent flushes, the stores close, everything logs its stop.
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            PeerProcess.Stop(process);
            Assert.Fail("the collector did not stop within 60 s of SIGTERM");
        }

        // The asynchronous readers may still hold the last lines.
        process.WaitForExit();
    }

    private static async Task<string?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            using var document = JsonDocument.Parse(body);
            return body;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private static async Task RadclientAsync(int port, string secret, string attributes)
    {
        var info = new ProcessStartInfo("/usr/bin/radclient", ["-r", "1", "-t", "2", $"127.0.0.1:{Invariant(port)}", "auth", secret])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var radclient = Process.Start(info)!;
        await radclient.StandardInput.WriteLineAsync(attributes);
        radclient.StandardInput.Close();
        var stdout = radclient.StandardOutput.ReadToEndAsync();
        var stderr = radclient.StandardError.ReadToEndAsync();
        await radclient.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await stdout;
        await stderr;
    }
}
