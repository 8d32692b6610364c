using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Associations;

/// <summary>AS-1.x, step 6: the approved application becomes a registered association with its first members and instructors.</summary>
public static class AssociationRegistrar
{
    public static async Task<Association> RegisterAsync(FoundingContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var app = ctx.App;
        var university = await db.Universities.SingleAsync(u => u.Id == app.UniversityId, ct);
        var number = await NextNumberAsync(db, $"association:{university.Id}:{ctx.Now.Year}", ct);
        var association = new Association(app.UniversityId, $"{university.Code}-{ctx.Now.Year}-{number:D4}", app, ctx.Now);
        db.Associations.Add(association);
        foreach (var s in app.Sponsors.Where(s => s.Status == SponsorStatus.Confirmed))
            db.Memberships.Add(new Membership(app.UniversityId, association.Id, s.StudentId,
                s.StudentId == app.InitiatorStudentId ? MemberRole.Leader : MemberRole.Founder, ctx.Now));
        foreach (var i in app.Instructors.Where(i => i.Response == InstructorResponse.Accepted))
            db.InstructorAppointments.Add(new InstructorAppointment(app.UniversityId, association.Id, i.TeacherId, ctx.Now));
        app.MarkRegistered(association.Id);
        return association;
    }

    /// <summary>Next value of a named counter, written in the caller's transaction (serialised by it).</summary>
    private static async Task<long> NextNumberAsync(ReformFlowDb db, string name, CancellationToken ct)
    {
        var counter = await db.Counters.FindAsync([name], ct);
        if (counter is null)
        {
            counter = new Counter { Name = name, Value = 0 };
            db.Counters.Add(counter);
        }
        counter.Value++;
        return counter.Value;
    }
}
