using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Instructors;

namespace ReformFlow.Tests.Instructors;

/// <summary>
/// One teacher guiding two associations (the AS-2.2 maximum), written straight into the database; the
/// evaluation itself runs through the job and the HTTP API. Association A has a leader and two members,
/// B a leader only. Both have the physics college's Party committee as guidance unit ("phy.party").
/// </summary>
public sealed class EvaluationKit(AppFactory app)
{
    public const string Path = "/api/v1/instructor-evaluations";

    public MembershipKit Members { get; } = new(app);
    public string Teacher { get; private set; } = "";
    public TestAssociation A { get; private set; } = null!;
    public TestAssociation B { get; private set; } = null!;
    public IReadOnlyList<string> MembersOfA { get; private set; } = [];

    public async Task<EvaluationKit> SetUpAsync()
    {
        Teacher = (await Members.Founding.FreshInstructorsAsync(1)).Single();
        var associations = await Members.AssociationsAsync(2, name: "考核协会");
        (A, B) = (associations[0], associations[1]);
        MembersOfA = await Members.Founding.FreshStudentsAsync(2);
        foreach (var m in MembersOfA) await Members.AddMemberAsync(m, A.Id);
        await Members.Founding.AddAppointmentsAsync(Teacher, [A.Id, B.Id]);
        return this;
    }

    /// <summary>The next 15 May after the clock's date, 10:00 in Beijing: the default opening date.</summary>
    public DateTimeOffset NextOpening()
    {
        var now = app.Clock.GetUtcNow();
        var year = new DateTimeOffset(now.Year, 5, 15, 2, 0, 0, TimeSpan.Zero) > now ? now.Year : now.Year + 1;
        return new DateTimeOffset(year, 5, 15, 2, 0, 0, TimeSpan.Zero);
    }

    public async Task<T> RunJobAsync<T>(Func<InstructorEvaluationJob, Task<T>> run)
    {
        await using var scope = app.Scope();
        return await run(scope.ServiceProvider.GetRequiredService<InstructorEvaluationJob>());
    }

    public Task OpenAsync() => RunJobAsync(j => j.OpenDueYearsAsync());

    public Task<Guid> InstanceOfAsync(Guid associationId) =>
        app.WithDbAsync(db => (from e in db.InstructorEvaluations
                               join i in db.WorkflowInstances on e.Id equals i.SubjectId
                               where e.AssociationId == associationId && i.Process == InstructorEvaluationProcess.ProcessName
                               select i.Id).SingleAsync());

    /// <summary>A browser-like client signed in through the login page (the pages take the cookie, not a bearer token); no redirects followed.</summary>
    public async Task<HttpClient> PagesAsAsync(string userName)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = Workflows.Demo.DemoData.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A fresh client: bearer tokens last 8 hours and the tests move the clock by days.</summary>
    public Task<Api> As(string userName) => Api.SignInAsync(app, userName);

    public async Task<JsonNode> ViewAsync(Api api, Guid id)
    {
        var (status, body) = await api.GetAsync($"{Path}/{id}");
        Assert.True(status == HttpStatusCode.OK, $"view: {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> RateAsync(Api api, Guid id, string? rating, string? comment = null) =>
        api.PostAsync($"{Path}/{id}/rate", new { rating, comment });

    public static Task<(HttpStatusCode Status, JsonNode? Body)> ActAsync(Api api, Guid id, string action, string? comment = null, int? expectedVersion = null) =>
        api.PostAsync($"{Path}/{id}/actions/{action}", new { comment, expectedVersion });

    public static async Task<JsonNode> OkAsync(Task<(HttpStatusCode Status, JsonNode? Body)> call)
    {
        var (status, body) = await call;
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body?.ToJsonString()}");
        return body!;
    }

    public static void AssertRefused(HttpStatusCode expected, (HttpStatusCode Status, JsonNode? Body) actual, string? code = null, string? measureId = null)
    {
        Assert.True(actual.Status == expected, $"expected {(int)expected}, got {(int)actual.Status} {actual.Body?.ToJsonString()}");
        if (code is null) return;
        if (expected == HttpStatusCode.Forbidden)
        {
            // Forbidden problems carry their reason in the detail, in the caller's language.
            Assert.Equal(Workflows.Localization.Texts.Get(Workflows.Localization.Texts.English, code), actual.Body!["detail"]!.GetValue<string>());
            return;
        }
        var reasons = actual.Body!["reasons"]!.AsArray();
        Assert.Contains(reasons, r => r!["code"]!.GetValue<string>() == code && (measureId is null || r["measureId"]?.GetValue<string>() == measureId));
    }

    public static int V(JsonNode view) => view["version"]!.GetValue<int>();
    public static string State(JsonNode view) => view["state"]!.GetValue<string>();

    /// <summary>What a refused action must leave as it was: states, versions, ratings, appointments and the outbox.</summary>
    public Task<string> SnapshotAsync() =>
        app.WithDbAsync(async db =>
        {
            var instances = await db.WorkflowInstances.AsNoTracking().Where(i => i.Process == InstructorEvaluationProcess.ProcessName)
                .OrderBy(i => i.Id).Select(i => i.State + i.Version).ToListAsync();
            var ratings = (await db.Set<MemberRating>().AsNoTracking().ToListAsync()).Select(r => $"{r.StudentId}{r.Rating}{r.Comment}").Order();
            var evaluations = (await db.InstructorEvaluations.AsNoTracking().ToListAsync()).Select(e => $"{e.Id}{e.Result}{e.GuidanceOpinion}{e.RatingClosedAt}").Order();
            var ended = await db.InstructorAppointments.CountAsync(a => a.EndedAt != null);
            return string.Join("|", instances.Concat(ratings).Concat(evaluations).Append($"{ended}").Append($"{await db.Outbox.CountAsync()}"));
        });
}
