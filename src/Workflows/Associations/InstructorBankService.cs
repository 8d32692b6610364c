using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>A teacher in the instructor bank, as everyone of the university sees them.</summary>
/// <param name="RunningAppointments">Appointments not ended and whose one-year term has not run out (AS-2.2).</param>
public sealed record InstructorBankRow(
    string StaffNumber, string Name, string? College, string? CollegeEn, bool IsPartyMember, DateTimeOffset InBankSince, int RunningAppointments);

/// <summary>The filters of the instructor bank list besides the text search.</summary>
public sealed record BankFilter(Guid? CollegeId = null, bool? PartyMember = null);

/// <summary>A teacher who left the bank: when, by whom and why (shown to the student work department).</summary>
public sealed record InstructorBankRemoval(string StaffNumber, string Name, DateTimeOffset AddedAt, DateTimeOffset RemovedAt, string? RemovedBy, string? Reason);

/// <summary>An appointment that is still running: the association, its category and when the term ends.</summary>
public sealed record RunningAppointmentView(Guid AssociationId, string RegistrationNumber, string Association, AssociationCategory Category, DateTimeOffset EndsAt);

/// <summary>The outcome of a change to the bank or to a teacher's record, with what the student work department should still look at.</summary>
public sealed record InstructorBankChange(
    string StaffNumber, string Name, bool InBank, bool IsPartyMember, DateTimeOffset At,
    IReadOnlyList<RunningAppointmentView> RunningAppointments, IReadOnlyList<Reason> Warnings);

/// <summary>
/// AS-2.1: the instructor bank, kept by the Party committee's student work department. Everyone of the
/// university may read it; only the student work department of the actor's own university adds teachers,
/// removes them (with a reason) and records their Party membership, which AS-2.2 checks when a teacher
/// accepts to guide an ideological-political or volunteer association.
/// </summary>
/// <remarks>
/// Removing a teacher who still guides associations is allowed and answered with a warning: the running
/// appointments continue until their term ends or someone decides otherwise, and the teacher can no longer
/// be proposed or accept (docs/decisions/0006-instructor-bank-removal.md). Every change runs in one
/// transaction that on SQLite is <c>BEGIN IMMEDIATE</c> (docs/decisions/0002), so two simultaneous additions
/// of one teacher cannot both succeed. Who changed what, and the reason for a removal, are kept as history
/// rows keyed by the bank entry (additions, removals) or by the teacher (Party membership).
/// </remarks>
public sealed class InstructorBankService(ReformFlowDb db, TimeProvider clock)
{
    public const int MaxReasonLength = Domain.Common.TextLimits.Message;

    /// <summary>History rows written by this service carry these triggers.</summary>
    public const string AddedTrigger = "InstructorBank.Add", RemovedTrigger = "InstructorBank.Remove", PartyTrigger = "Teacher.RecordPartyMembership";

    private const string InBankState = "InBank", RemovedState = "Removed";
    /// <summary>The states of a teacher's Party membership in its history (also written by the teacher import).</summary>
    public const string PartyState = "PartyMember", NotPartyState = "NotPartyMember";

    // ---- reading ----

    /// <summary>
    /// One page of the teachers in the bank now. Anyone of the university may read it. <c>q</c> searches staff number and name;
    /// sort keys: <c>number</c> (default), <c>name</c>, <c>college</c>, <c>since</c>, <c>appointments</c>.
    /// </summary>
    public async Task<Paged<InstructorBankRow>> ListAsync(Actor actor, ListQuery list, BankFilter filter, CancellationToken ct)
    {
        var uni = UniversityOf(actor);
        var running = db.RunningAppointments(clock.GetUtcNow());
        var rows = from b in db.InstructorBank.AsNoTracking()
                   join t in db.Teachers.AsNoTracking() on b.TeacherId equals t.Id
                   join c in db.Colleges.AsNoTracking() on t.CollegeId equals c.Id into colleges
                   from c in colleges.DefaultIfEmpty()
                   where b.UniversityId == uni && b.RemovedAt == null && t.UniversityId == uni
                         && (filter.CollegeId == null || t.CollegeId == filter.CollegeId) && (filter.PartyMember == null || t.IsPartyMember == filter.PartyMember)
                   select new
                   {
                       b.Id, t.StaffNumber, t.Name, College = c == null ? null : c.Name, CollegeEn = c == null ? null : c.NameEn, CollegeCode = c == null ? null : c.Code,
                       t.IsPartyMember, b.AddedAt,
                       Running = running.Count(a => a.TeacherId == t.Id),
                   };
        if (list.Q is { } q) rows = rows.Where(x => x.StaffNumber.Contains(q) || x.Name.Contains(q));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "name" => rows.OrderBy(x => x.Name, desc),
            "college" => rows.OrderBy(x => x.CollegeCode, desc).ThenBy(x => x.StaffNumber),
            "since" => rows.OrderBy(x => x.AddedAt, desc),
            "appointments" => rows.OrderBy(x => x.Running, desc).ThenBy(x => x.StaffNumber),
            _ => rows.OrderBy(x => x.StaffNumber, desc),
        };
        return (await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct))
            .Map(x => new InstructorBankRow(x.StaffNumber, x.Name, x.College, x.CollegeEn, x.IsPartyMember, x.AddedAt, x.Running));
    }

    /// <summary>Teachers of the university who are not in the bank: the choices for adding (student work department only).</summary>
    public async Task<IReadOnlyList<(string StaffNumber, string Name)>> CandidatesAsync(Actor actor, CancellationToken ct)
    {
        var uni = EnsureStudentWorkDepartment(actor, "AS-2.1");
        var inBank = db.InstructorBank.Where(b => b.UniversityId == uni && b.RemovedAt == null).Select(b => b.TeacherId);
        var rows = await db.Teachers.AsNoTracking().Where(t => t.UniversityId == uni && !inBank.Contains(t.Id))
            .OrderBy(t => t.StaffNumber).Select(t => new { t.StaffNumber, t.Name }).ToListAsync(ct);
        return rows.Select(r => (r.StaffNumber, r.Name)).ToList();
    }

    /// <summary>Removals, newest first, with who removed and why (student work department only).</summary>
    public async Task<IReadOnlyList<InstructorBankRemoval>> RemovalsAsync(Actor actor, int take, CancellationToken ct)
    {
        var uni = EnsureStudentWorkDepartment(actor, "AS-2.1");
        var rows = await (from b in db.InstructorBank.AsNoTracking()
                          join t in db.Teachers.AsNoTracking() on b.TeacherId equals t.Id
                          where b.UniversityId == uni && b.RemovedAt != null
                          orderby b.RemovedAt descending
                          select new { t.StaffNumber, t.Name, b.Id, b.AddedAt, RemovedAt = b.RemovedAt!.Value }).Take(take).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var history = await db.WorkflowHistory.AsNoTracking().Where(h => ids.Contains(h.InstanceId) && h.Trigger == RemovedTrigger).ToListAsync(ct);
        return rows.Select(r =>
        {
            var h = history.FirstOrDefault(x => x.InstanceId == r.Id);
            return new InstructorBankRemoval(r.StaffNumber, r.Name, r.AddedAt, r.RemovedAt, h?.ActorName, h?.Comment);
        }).ToList();
    }

    public bool CanManage(Actor actor) =>
        actor.UniversityId is { } uni && actor.HoldsInUniversity(Role.StudentWorkDepartment, uni);

    // ---- changes ----

    /// <summary>AS-2.1: puts a teacher of the university into the bank. A teacher already in it is refused, not added twice.</summary>
    public async Task<InstructorBankChange> AddAsync(Actor actor, string staffNumber, CancellationToken ct)
    {
        var uni = EnsureStudentWorkDepartment(actor, "AS-2.1");
        await using var tx = await db.BeginWriteAsync(ct);
        var teacher = await TeacherAsync(uni, staffNumber, ct);
        if (await db.InstructorBank.AnyAsync(b => b.UniversityId == uni && b.TeacherId == teacher.Id && b.RemovedAt == null, ct))
            throw DomainException.ForMeasure("AS-2.1", "instructors.already-in-bank", teacher.Name, teacher.StaffNumber);

        var now = clock.GetUtcNow();
        var entry = new InstructorBankEntry(uni, teacher.Id, now);
        db.InstructorBank.Add(entry);
        Record(entry.Id, actor, AddedTrigger, "", InBankState, null, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new InstructorBankChange(teacher.StaffNumber, teacher.Name, true, teacher.IsPartyMember, now, await RunningAsync(teacher.Id, now, ct), []);
    }

    /// <summary>
    /// AS-2.1: takes a teacher out of the bank, with the reason. Running appointments are not ended here; the
    /// answer lists them with a warning, so the student work department can follow up.
    /// </summary>
    public async Task<InstructorBankChange> RemoveAsync(Actor actor, string staffNumber, string? reason, CancellationToken ct)
    {
        var uni = EnsureStudentWorkDepartment(actor, "AS-2.1");
        if (string.IsNullOrWhiteSpace(reason)) throw DomainException.ForMeasure("AS-2.1", "instructors.reason-required");
        if (reason.Trim().Length > MaxReasonLength) throw new DomainException("instructors.reason-too-long", MaxReasonLength);
        await using var tx = await db.BeginWriteAsync(ct);
        var teacher = await TeacherAsync(uni, staffNumber, ct);
        var entries = await db.InstructorBank.Where(b => b.UniversityId == uni && b.TeacherId == teacher.Id && b.RemovedAt == null).ToListAsync(ct);
        if (entries.Count == 0) throw DomainException.ForMeasure("AS-2.1", "instructors.not-in-bank", teacher.Name, teacher.StaffNumber);

        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            entry.Remove(now);
            Record(entry.Id, actor, RemovedTrigger, InBankState, RemovedState, reason, now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var running = await RunningAsync(teacher.Id, now, ct);
        IReadOnlyList<Reason> warnings = running.Count == 0 ? [] :
            [new Reason("AS-2.1", "instructors.removed-still-guiding", teacher.Name, running.Count, string.Join("、", running.Select(r => r.Association)))];
        return new InstructorBankChange(teacher.StaffNumber, teacher.Name, false, teacher.IsPartyMember, now, running, warnings);
    }

    /// <summary>
    /// AS-2.2 depends on it: records whether a teacher of the university is a Communist Party member (in the
    /// bank or not yet). Recording "not a member" for someone who guides an association that needs one is
    /// allowed, with a warning naming those associations.
    /// </summary>
    public async Task<InstructorBankChange> RecordPartyMembershipAsync(Actor actor, string staffNumber, bool isPartyMember, CancellationToken ct)
    {
        var uni = EnsureStudentWorkDepartment(actor, "AS-2.2");
        await using var tx = await db.BeginWriteAsync(ct);
        var teacher = await TeacherAsync(uni, staffNumber, ct);
        var now = clock.GetUtcNow();
        if (teacher.IsPartyMember != isPartyMember)
        {
            Record(teacher.Id, actor, PartyTrigger, teacher.IsPartyMember ? PartyState : NotPartyState, isPartyMember ? PartyState : NotPartyState, null, now);
            teacher.RecordPartyMembership(isPartyMember);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);

        var inBank = await db.InstructorBank.AnyAsync(b => b.UniversityId == uni && b.TeacherId == teacher.Id && b.RemovedAt == null, ct);
        var running = await RunningAsync(teacher.Id, now, ct);
        var needingMember = running.Where(r => r.Category.RequiresPartyMember()).Select(r => r.Association).ToList();
        IReadOnlyList<Reason> warnings = isPartyMember || needingMember.Count == 0 ? [] :
            [new Reason("AS-2.2", "instructors.not-party-still-guiding", teacher.Name, string.Join("、", needingMember))];
        return new InstructorBankChange(teacher.StaffNumber, teacher.Name, inBank, teacher.IsPartyMember, now, running, warnings);
    }

    // ---- helpers ----

    private static Guid UniversityOf(Actor actor) =>
        actor.UniversityId ?? throw new ForbiddenActionException(new Reason("AS-2.1", "access.bank-university-only"));

    /// <summary>The actor's university, when the actor holds the student work department's role there; otherwise 403.</summary>
    private Guid EnsureStudentWorkDepartment(Actor actor, string measureId)
    {
        if (!CanManage(actor))
            throw new ForbiddenActionException(new Reason(measureId, "access.student-work-department-only"));
        return actor.UniversityId!.Value;
    }

    private async Task<Teacher> TeacherAsync(Guid universityId, string? staffNumber, CancellationToken ct)
    {
        var number = staffNumber?.Trim() ?? "";
        if (number.Length == 0) throw new DomainException("instructors.staff-number-required");
        return await db.Teachers.SingleOrDefaultAsync(t => t.UniversityId == universityId && t.StaffNumber == number, ct)
            ?? throw new DomainException("application.unknown-teacher", number);
    }

    private async Task<IReadOnlyList<RunningAppointmentView>> RunningAsync(Guid teacherId, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await (from a in db.RunningAppointments(now).AsNoTracking()
                          join s in db.Associations.AsNoTracking() on a.AssociationId equals s.Id
                          where a.TeacherId == teacherId
                          orderby a.EndsAt
                          select new RunningAppointmentView(s.Id, s.RegistrationNumber, s.Name, s.Category, a.EndsAt)).ToListAsync(ct);
        return rows;
    }

    private void Record(Guid subjectId, Actor actor, string trigger, string from, string to, string? comment, DateTimeOffset now) =>
        db.WorkflowHistory.Add(new WorkflowHistoryEntry
        {
            InstanceId = subjectId, ActorUserId = actor.UserId, ActorName = actor.DisplayName, ActorRole = nameof(Role.StudentWorkDepartment),
            Trigger = trigger, FromState = from, ToState = to, Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), At = now,
        });
}
