using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReformFlow.Bench;

/// <summary>Requests to the app's JSON API. One HttpClient (a connection pool) serves every simulated user; each request carries its user's bearer token.</summary>
public sealed class Api(HttpClient http)
{
    public const string Password = "Demo@2026";
    public const string Applications = "/api/v1/association-applications";

    public HttpClient Http => http;

    public async Task<string> TokenAsync(string userName)
    {
        using var r = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password });
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {userName}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>For setup only: sends, parses the JSON answer, and fails on anything but the expected status.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string token, object? body, int expected)
    {
        using var request = Request(method, path, token, body is null ? null : JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        using var r = await http.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        if ((int)r.StatusCode != expected) throw new InvalidOperationException($"{method} {path}: {(int)r.StatusCode} {Trim(text)}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static string Trim(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
