using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>The input a draft form or API call sends, before names and numbers are resolved to ids.</summary>
public sealed record DraftForm(
    string Name, AssociationCategory Category, string Purpose, Guid GuidanceUnitId, string? CharterText,
    bool DeclaresNoOutsideSponsor, bool DeclaresNoForeignAffairs, IReadOnlyList<string> InstructorStaffNumbers);

/// <summary>
/// The founding use cases the UI and the API share: resolves people's numbers to records, checks
/// that they belong to the actor's university, then hands the change to the workflow.
/// </summary>
public sealed class FoundingService(ReformFlowDb db, WorkflowRunner runner, FoundingProcess process, TimeProvider clock)
{
    public const long MaxCharterBytes = 5 * 1024 * 1024;

    public async Task<WorkflowInstance> CreateDraftAsync(Actor actor, DraftForm form, CancellationToken ct)
    {
        if (actor.StudentId is not { } studentId || actor.UniversityId is not { } universityId)
            throw new ForbiddenActionException(new Reason(null, "access.students-only"));
        var student = await db.Students.SingleAsync(s => s.Id == studentId, ct);
        if (!student.HasFormalStatus) throw DomainException.ForMeasure("AS-1.1", "rule.initiator-not-enrolled");
        // Read outside the write transaction (a draft starts in two): a student racing themselves may end one over.
        var openDrafts = await (from i in db.WorkflowInstances
                                join a in db.AssociationApplications on i.SubjectId equals a.Id
                                where i.Process == process.Name && !i.IsClosed && i.State == nameof(FoundingProcess.State.Draft)
                                      && a.InitiatorStudentId == studentId
                                select i.Id).CountAsync(ct);
        if (openDrafts >= FoundingRules.MaxOpenDraftsPerStudent)
            throw new DomainException("rule.too-many-drafts", FoundingRules.MaxOpenDraftsPerStudent);
        var input = await ResolveAsync(universityId, form, ct);

        var app = new AssociationApplication(universityId, studentId, clock.GetUtcNow());
        app.Edit(input.Name, input.Category, input.Purpose, input.GuidanceUnitId, input.CharterText, input.DeclaresNoOutsideSponsor, input.DeclaresNoForeignAffairs);
        app.ProposeInstructors(input.InstructorTeacherIds);
        db.AssociationApplications.Add(app);
        var instance = await runner.StartAsync(process, app.Id, universityId, app.Name, actor, nameof(Role.Student), ct);
        // The draft's own tasks (the initiator's "complete the application") come from the table like any other.
        return await runner.FireAsync(process, instance.Id, actor, new ActionRequest(nameof(FoundingProcess.Trigger.Edit), null, null, input), ct);
    }

    public async Task<WorkflowInstance> EditDraftAsync(Actor actor, Guid instanceId, DraftForm form, int? expectedVersion, CancellationToken ct)
    {
        var input = await ResolveAsync(actor.UniversityId ?? Guid.Empty, form, ct);
        return await runner.FireAsync(process, instanceId, actor, new ActionRequest(nameof(FoundingProcess.Trigger.Edit), null, expectedVersion, input), ct);
    }

    public async Task<WorkflowInstance> InviteSponsorsAsync(Actor actor, Guid instanceId, IEnumerable<string> studentNumbers, CancellationToken ct)
    {
        var numbers = studentNumbers.Select(n => TextLimits.Check(n, TextLimits.Identifier, TextField.Identifier)!.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        if (numbers.Count == 0) throw new DomainException("application.no-student-numbers");
        // More numbers than an application may hold is refused before any is looked up.
        if (numbers.Count > FoundingRules.MaxSponsorsPerApplication)
            throw new DomainException("rule.sponsors-too-many-invited", FoundingRules.MaxSponsorsPerApplication);
        var uni = actor.UniversityId ?? Guid.Empty;
        var found = await db.Students.Where(s => s.UniversityId == uni && numbers.Contains(s.StudentNumber)).ToListAsync(ct);
        var missing = numbers.Except(found.Select(s => s.StudentNumber)).ToList();
        if (missing.Count > 0)
            throw new DomainException(missing.Select(n => new Reason(null, "application.unknown-student", n)).ToList());
        return await runner.FireAsync(process, instanceId, actor,
            new ActionRequest(nameof(FoundingProcess.Trigger.InviteSponsors), null, null, found.Select(s => s.Id).ToList()), ct);
    }

    public async Task<WorkflowInstance> RemoveSponsorAsync(Actor actor, Guid instanceId, string studentNumber, CancellationToken ct)
    {
        TextLimits.Check(studentNumber, TextLimits.Identifier, TextField.Identifier);
        var uni = actor.UniversityId ?? Guid.Empty;
        var student = await db.Students.SingleOrDefaultAsync(s => s.UniversityId == uni && s.StudentNumber == studentNumber, ct)
            ?? throw new DomainException("application.unknown-student", studentNumber);
        return await runner.FireAsync(process, instanceId, actor, new ActionRequest(nameof(FoundingProcess.Trigger.RemoveSponsor), null, null, student.Id), ct);
    }

    /// <summary>AS-1.4: the charter as an attached PDF or DOCX, checked by size and by its first bytes, not only its name.</summary>
    public async Task<WorkflowInstance> AttachCharterAsync(Actor actor, Guid instanceId, string fileName, Stream content, CancellationToken ct)
    {
        fileName = Path.GetFileName(fileName ?? "");
        TextLimits.Check(fileName, TextLimits.FileName, TextField.FileName);
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext is not (".pdf" or ".docx")) throw DomainException.ForMeasure("AS-1.4", "application.charter-type");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length == 0) throw DomainException.ForMeasure("AS-1.4", "application.charter-empty");
        if (buffer.Length > MaxCharterBytes) throw DomainException.ForMeasure("AS-1.4", "application.charter-too-large", MaxCharterBytes / 1024 / 1024);
        var bytes = buffer.ToArray();
        var looksRight = ext == ".pdf" ? bytes.AsSpan().StartsWith("%PDF"u8) : bytes.AsSpan().StartsWith("PK\u0003\u0004"u8);
        if (!looksRight) throw DomainException.ForMeasure("AS-1.4", "application.charter-type");

        var universityId = await db.WorkflowInstances.Where(i => i.Id == instanceId && i.Process == process.Name)
            .Select(i => (Guid?)i.UniversityId).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("application");
        // The workflow stores and links the file in its transaction, only if the actor may change this
        // application in its current state: a refused upload stores nothing.
        var attachment = new Attachment
        {
            UniversityId = universityId, FileName = fileName, Content = bytes,
            ContentType = ext == ".pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedByUserId = actor.UserId, UploadedAt = clock.GetUtcNow(),
        };
        return await runner.FireAsync(process, instanceId, actor,
            new ActionRequest(nameof(FoundingProcess.Trigger.AttachCharter), attachment.FileName, null, attachment), ct);
    }

    public Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion, CommitteeVote? vote, CancellationToken ct) =>
        runner.FireAsync(process, instanceId, actor, new ActionRequest(action, comment, expectedVersion, vote), ct);

    private async Task<DraftInput> ResolveAsync(Guid universityId, DraftForm form, CancellationToken ct)
    {
        var reasons = new List<Reason>();
        var unit = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == form.GuidanceUnitId && o.UniversityId == universityId, ct);
        reasons.AddRange(FoundingRules.CheckGuidanceUnit(unit));
        var numbers = (form.InstructorStaffNumbers ?? []).Select(n => TextLimits.Check(n, TextLimits.Identifier, TextField.Identifier)!.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        var teachers = await db.Teachers.Where(t => t.UniversityId == universityId && numbers.Contains(t.StaffNumber)).ToListAsync(ct);
        reasons.AddRange(numbers.Except(teachers.Select(t => t.StaffNumber)).Select(n => new Reason(null, "application.unknown-teacher", n)));
        if (numbers.Count == 0) reasons.Add(new Reason("AS-1.3", "rule.instructor-required"));
        // AS-2.1: instructors are chosen from the bank; refuse anyone else at once rather than at their answer.
        var bank = await db.InstructorBank.Where(b => b.UniversityId == universityId && b.RemovedAt == null).Select(b => b.TeacherId).ToListAsync(ct);
        reasons.AddRange(teachers.Where(t => !bank.Contains(t.Id)).Select(t => new Reason("AS-2.1", "rule.instructor-not-in-bank", t.Name)));
        if (reasons.Count > 0) throw new DomainException(reasons);
        return new DraftInput(form.Name, form.Category, form.Purpose, form.GuidanceUnitId, form.CharterText,
            form.DeclaresNoOutsideSponsor, form.DeclaresNoForeignAffairs, teachers.Select(t => t.Id).ToList());
    }
}
