using System.Net;
using ReformFlow.Tests.Support;

namespace ReformFlow.Tests;

public sealed class SmokeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Health_reports_database_and_job_server()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"database\"", body);
        Assert.Contains("\"jobs\"", body);
    }

    [Fact]
    public async Task Whole_founding_process_registers_the_association()
    {
        var founding = new Founding(app);
        var id = await founding.UpToCommitteeAsync();
        var member = await Api.SignInAsync(app, "member1");
        var view = await member.ActAsync(id, "RecordOpinion", new { vote = "Support", comment = "同意" });
        var chair = await Api.SignInAsync(app, "chair");
        view = await chair.ActAsync(id, "CommitteeApprove", new { expectedVersion = Founding.Version(view) });
        Assert.Equal("Registered", Founding.State(view));
        Assert.StartsWith("CBS-", view["registrationNumber"]!.GetValue<string>());
    }
}
