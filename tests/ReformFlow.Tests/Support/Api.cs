using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Support;

/// <summary>An HTTP client signed in as one demo account with a bearer token, speaking English unless told otherwise.</summary>
public sealed class Api
{
    private readonly HttpClient _http;

    private Api(HttpClient http) => _http = http;

    /// <param name="clientAddress">where the client appears to be (AppFactory.ClientAddressHeader); none by default.</param>
    public static async Task<Api> SignInAsync(AppFactory app, string userName, string language = "en", string? clientAddress = null)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        if (clientAddress is not null) http.DefaultRequestHeaders.Add(AppFactory.ClientAddressHeader, clientAddress);
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = DemoData.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new Api(http);
    }

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return (response.StatusCode, null);
        try { return (response.StatusCode, JsonNode.Parse(text)); }
        catch (System.Text.Json.JsonException)
        {
            // An HTML error page instead of JSON: say what came back, so a failure names its cause.
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode} with a non-JSON body: {text[..Math.Min(text.Length, 800)]}");
        }
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });
    public Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    /// <summary>Fires an action and expects success; returns the application view.</summary>
    public async Task<JsonNode> ActAsync(Guid instanceId, string action, object? body = null)
    {
        var (status, json) = await PostAsync($"/api/v1/association-applications/{instanceId}/actions/{action}", body ?? new { });
        if (status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"{action} returned {(int)status}: {json?.ToJsonString()}");
        return json!;
    }

    public static string ProblemCodes(JsonNode? problem) =>
        string.Join(",", problem?["reasons"]?.AsArray().Select(r => r!["code"]!.GetValue<string>()) ?? []);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
