using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Roster;

public sealed record TeacherImportResult(int Created, int Updated, int Unchanged, int PartyMembershipsChanged);

/// <summary>
/// Teacher roster import (staff number, name, college, Party membership): upload → preview → confirm, as for
/// students (<see cref="RosterUploads"/>). Teachers are few, so the change tracker writes them. A change of Party
/// membership is recorded in the teacher's history as when the student work department records it by hand (AS-2.2).
/// </summary>
public sealed class TeacherImportService(ReformFlowDb db, TimeProvider clock, RosterUploads uploads)
{
    public async Task<RosterImportPreview> UploadAsync(Actor actor, string fileName, byte[] content, CancellationToken ct)
    {
        var (upload, table) = await uploads.StoreAsync(actor, RosterKind.Teachers, fileName, content, t => TeacherImportPlan.ResolveColumns(t.Headers), "", ct);
        return await PreviewAsync(upload, table, ct);
    }

    public async Task<RosterImportPreview> PreviewAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        var upload = await uploads.FindAsync(universityId, RosterKind.Teachers, id, ct);
        return await PreviewAsync(upload, RosterFile.Read(upload.Content), ct);
    }

    private async Task<RosterImportPreview> PreviewAsync(Attachment upload, RosterTable table, CancellationToken ct)
    {
        var plan = await TeacherImportPlan.BuildAsync(db, upload.UniversityId, table, tracked: false, ct);
        return uploads.Preview(upload, RosterKind.Teachers, plan.Rows, plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.Errors);
    }

    /// <summary>All or nothing; a file with errors is refused. Teachers the file leaves out are not touched.</summary>
    public async Task<TeacherImportResult> ConfirmAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var upload = await uploads.FindAsync(universityId, RosterKind.Teachers, id, ct);
        var plan = await TeacherImportPlan.BuildAsync(db, universityId, RosterFile.Read(upload.Content), tracked: true, ct);
        if (plan.Errors.Count > 0) throw new DomainException("import.has-errors", plan.Errors.Count);

        var now = clock.GetUtcNow();
        var comment = Texts.Get("import.history-comment", upload.FileName);
        foreach (var v in plan.Creates)
            db.Teachers.Add(new Teacher(universityId, v.Number, v.Name, v.CollegeId, v.IsPartyMember));
        var partyChanged = 0;
        foreach (var (t, v) in plan.Updates)
        {
            t.UpdateFromRoster(v.Name, v.CollegeId);
            if (t.IsPartyMember == v.IsPartyMember) continue;
            db.WorkflowHistory.Add(new WorkflowHistoryEntry
            {
                InstanceId = t.Id, ActorUserId = actor.UserId, ActorName = actor.DisplayName,
                ActorRole = (actor.Holds(Role.UniversityAdmin) ? Role.UniversityAdmin : Role.StudentWorkDepartment).ToString(),
                Trigger = InstructorBankService.PartyTrigger, Comment = comment, At = now,
                FromState = t.IsPartyMember ? InstructorBankService.PartyState : InstructorBankService.NotPartyState,
                ToState = v.IsPartyMember ? InstructorBankService.PartyState : InstructorBankService.NotPartyState,
            });
            t.RecordPartyMembership(v.IsPartyMember);
            partyChanged++;
        }
        db.Attachments.Remove(upload);
        AuditEntry.Add(db, now, universityId, actor, AuditKind.RosterImported, upload.FileName,
            $"teachers created={plan.Creates.Count} updated={plan.Updates.Count} unchanged={plan.Unchanged} partyMembershipsChanged={partyChanged}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new TeacherImportResult(plan.Creates.Count, plan.Updates.Count, plan.Unchanged, partyChanged);
    }

    public static byte[] Template() => TeacherImportPlan.Columns.Template();
}
