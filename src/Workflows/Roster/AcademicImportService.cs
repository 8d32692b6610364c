using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Workflows.Roster;

public sealed record AcademicImportResult(int Updated, int Unchanged, int PunishmentsChanged, int CadresChecked, int CadresFlagged, int CadresCleared);

/// <summary>
/// A semester's academic records and punishments: upload → preview → confirm, as for students
/// (<see cref="RosterUploads"/>). The confirmation goes through <see cref="AcademicRecordService.ApplyAsync"/>, the same
/// path as PUT /api/v1/students/academic-records: sitting cadres who no longer qualify are flagged to their league
/// body (SU-4.1, SU-4.2). A punishment is kept on the student, where the founding rules read it (AS-1.1 sponsors).
/// </summary>
public sealed class AcademicImportService(ReformFlowDb db, RosterUploads uploads, AcademicRecordService records, IOutboxKicker kicker, TimeProvider clock)
{
    public async Task<RosterImportPreview> UploadAsync(Actor actor, string fileName, byte[] content, CancellationToken ct)
    {
        var (upload, table) = await uploads.StoreAsync(actor, RosterKind.AcademicRecords, fileName, content, t => AcademicImportPlan.ResolveColumns(t.Headers), "", ct);
        return await PreviewAsync(upload, table, ct);
    }

    public async Task<RosterImportPreview> PreviewAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        var upload = await uploads.FindAsync(universityId, RosterKind.AcademicRecords, id, ct);
        return await PreviewAsync(upload, RosterFile.Read(upload.Content), ct);
    }

    private async Task<RosterImportPreview> PreviewAsync(Attachment upload, RosterTable table, CancellationToken ct)
    {
        var plan = await AcademicImportPlan.BuildAsync(db, upload.UniversityId, table, ct);
        return uploads.Preview(upload, RosterKind.AcademicRecords, plan.Rows, 0, plan.Updates.Count, plan.Unchanged, plan.Errors);
    }

    public async Task<AcademicImportResult> ConfirmAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var upload = await uploads.FindAsync(universityId, RosterKind.AcademicRecords, id, ct);
        var plan = await AcademicImportPlan.BuildAsync(db, universityId, RosterFile.Read(upload.Content), ct);
        if (plan.Errors.Count > 0) throw new DomainException("import.has-errors", plan.Errors.Count);

        var punishments = 0;
        var changed = new List<Student>(plan.Updates.Count);
        foreach (var (s, v) in plan.Updates)
        {
            s.UpdateAcademicRecord(v.MajorRank, v.ClassRank, v.FailedCourses);
            if (v.Punishment is { } p && p != (s.ActivePunishment ?? ""))
            {
                if (p.Length == 0) s.LiftPunishment();
                else s.Punish(p);
                punishments++;
            }
            changed.Add(s);
        }
        db.Attachments.Remove(upload);
        AuditEntry.Add(db, clock.GetUtcNow(), universityId, actor, AuditKind.RosterImported, upload.FileName,
            $"academic-records updated={plan.Updates.Count} unchanged={plan.Unchanged} punishmentsChanged={punishments}");
        await db.SaveChangesAsync(ct);
        var cadres = changed.Count > 0 ? await records.ApplyAsync(universityId, changed, ct) : new CadreEligibilityMonitor.Result(0, 0, 0);
        await tx.CommitAsync(ct);
        kicker.Kick();
        return new AcademicImportResult(plan.Updates.Count, plan.Unchanged, punishments, cadres.Checked, cadres.Flagged, cadres.Cleared);
    }

    public static byte[] Template() => AcademicImportPlan.Columns.Template();
}
