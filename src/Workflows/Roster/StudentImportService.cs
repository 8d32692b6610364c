using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Runtime;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Workflows.Roster;

/// <summary>What students missing from a full roster become; the administrator chooses per import (they are never deleted).</summary>
public enum MissingStudentsBecome { Unchanged, Graduated, Withdrawn }

public sealed record MissingStudentView(string StudentNumber, string Name, StudentStatus Status);

public sealed record StudentImportPreview(
    Guid Id, string FileName, bool FullRoster, DateTimeOffset UploadedAt, DateTimeOffset ExpiresAt, int Rows, int Create, int Update, int Unchanged,
    int ClassesToCreate, IReadOnlyList<RosterError> Errors, int MissingCount, IReadOnlyList<MissingStudentView> Missing, bool CanConfirm);

public sealed record StudentImportResult(int Created, int Updated, int Unchanged, int ClassesCreated, int MissingChanged, int MembershipsEnded, int CadresFlagged);

/// <summary>
/// Student roster import: upload → preview → confirm. The uploaded file is kept in the database (an
/// <see cref="Attachment"/> marked as a roster) until it is confirmed or expires, and the preview is computed
/// from it on each look, so a preview survives a restart and nothing is written before the confirmation. The
/// confirmation writes everything in one write transaction or nothing; a file with errors cannot be confirmed.
/// </summary>
public sealed class StudentImportService(ReformFlowDb db, TimeProvider clock, CadreEligibilityMonitor monitor, IOutboxKicker kicker)
{
    public const string ContentTypeMarker = "application/vnd.reformflow.roster+students";
    public const int MaxFileBytes = 16 * 1024 * 1024;
    public const int MaxMissingListed = 500;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Administrators and the student work department of the student's own university.</summary>
    public static bool MayImport(Actor actor) =>
        actor.UniversityId is not null && (actor.Holds(Role.UniversityAdmin) || actor.Holds(Role.StudentWorkDepartment));

    public async Task<StudentImportPreview> UploadAsync(Actor actor, string fileName, byte[] content, bool fullRoster, CancellationToken ct)
    {
        var universityId = EnsureMayImport(actor);
        if (content.Length > MaxFileBytes) throw new DomainException("import.too-large", MaxFileBytes / (1024 * 1024));
        var table = RosterFile.Read(content);
        StudentImportPlan.ResolveColumns(table.Headers);
        if (table.Rows.Count == 0) throw new DomainException("import.no-rows");

        var now = clock.GetUtcNow();
        var upload = new Attachment
        {
            UniversityId = universityId, FileName = Path.GetFileName(fileName ?? "").Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, TextLimits.FileName)] : "roster",
            ContentType = ContentTypeMarker + (fullRoster ? ";full=1" : ""), Content = content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedByUserId = actor.UserId, UploadedAt = now,
        };
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            // Uploads nobody confirmed go once they expire, so a preview is never a way to keep files.
            var expired = now - Lifetime;
            await db.Attachments.Where(a => a.ContentType.StartsWith(ContentTypeMarker) && a.UploadedAt < expired).ExecuteDeleteAsync(ct);
            db.Attachments.Add(upload);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await PreviewAsync(actor, upload.Id, ct);
    }

    /// <summary>The preview, computed afresh against the database as it is now.</summary>
    public async Task<StudentImportPreview> PreviewAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = EnsureMayImport(actor);
        var upload = await FindAsync(universityId, id, ct);
        var plan = await StudentImportPlan.BuildAsync(db, universityId, RosterFile.Read(upload.Content), IsFull(upload), tracked: false, ct);
        return new StudentImportPreview(upload.Id, upload.FileName, IsFull(upload), upload.UploadedAt, upload.UploadedAt + Lifetime, plan.Rows,
            plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.NewClasses.Count, plan.Errors, plan.Missing.Count,
            plan.Missing.Take(MaxMissingListed).Select(s => new MissingStudentView(s.StudentNumber, s.Name, s.Status)).ToList(), plan.Errors.Count == 0);
    }

    /// <summary>
    /// Writes the import in one transaction. Students who leave (graduated, withdrawn: from the file or by the
    /// choice for those missing) lose their memberships (AS-3.1), and sitting cadres whose data changed are
    /// re-checked and flagged to their league body as for any new academic data (SU-4.1, SU-4.2).
    /// </summary>
    public async Task<StudentImportResult> ConfirmAsync(Actor actor, Guid id, MissingStudentsBecome? missingBecome, CancellationToken ct)
    {
        var universityId = EnsureMayImport(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var upload = await FindAsync(universityId, id, ct);
        var plan = await StudentImportPlan.BuildAsync(db, universityId, RosterFile.Read(upload.Content), IsFull(upload), tracked: true, ct);
        if (plan.Errors.Count > 0) throw new DomainException("import.has-errors", plan.Errors.Count);
        if (plan.Missing.Count > 0 && missingBecome is null) throw new DomainException("import.missing-choice-required", plan.Missing.Count);

        var classIds = new Dictionary<(Guid, int, string), Guid>();
        foreach (var (majorId, grade, name) in plan.NewClasses)
        {
            var group = new ClassGroup(universityId, majorId, grade, name);
            db.ClassGroups.Add(group);
            classIds[(majorId, grade, name)] = group.Id;
        }
        Guid ClassOf(StudentRowValues v) => v.ClassGroupId ?? classIds[(v.MajorId, v.Grade, v.ClassName)];

        foreach (var v in plan.Creates)
        {
            var s = new Student(universityId, v.Number, v.Name, v.CollegeId, v.MajorId, ClassOf(v), v.Grade);
            if (v.Status is { } st) s.ChangeStatus(st);
            if (v.Political is { } p) s.ChangePoliticalStatus(p);
            db.Students.Add(s);
        }
        var leavers = new List<Guid>();
        var changed = new List<Guid>();
        foreach (var (s, v) in plan.Updates)
        {
            s.UpdateEnrolment(v.Name, v.CollegeId, v.MajorId, ClassOf(v), v.Grade);
            if (v.Status is { } st && st != s.Status)
            {
                if (Student.IsLeaving(st)) leavers.Add(s.Id);
                s.ChangeStatus(st);
            }
            if (v.Political is { } p) s.ChangePoliticalStatus(p);
            changed.Add(s.Id);
        }
        var missingChanged = 0;
        if (missingBecome is MissingStudentsBecome.Graduated or MissingStudentsBecome.Withdrawn)
        {
            var status = missingBecome == MissingStudentsBecome.Graduated ? StudentStatus.Graduated : StudentStatus.Withdrawn;
            foreach (var s in plan.Missing)
            {
                s.ChangeStatus(status);
                leavers.Add(s.Id);
                changed.Add(s.Id);
                missingChanged++;
            }
        }

        var now = clock.GetUtcNow();
        var ended = 0;
        if (leavers.Count > 0)
            foreach (var m in await db.Memberships.Where(m => leavers.Contains(m.StudentId) && m.LeftAt == null).ToListAsync(ct))
            {
                m.Leave(now);
                ended++;
            }
        db.Attachments.Remove(upload);
        AuditEntry.Add(db, now, universityId, actor, AuditKind.RosterImported, upload.FileName, $"students created={plan.Creates.Count} updated={plan.Updates.Count} unchanged={plan.Unchanged} classes={plan.NewClasses.Count} missingChanged={missingChanged} membershipsEnded={ended}");
        await db.SaveChangesAsync(ct);
        var cadres = changed.Count > 0 ? await monitor.RecheckAsync(universityId, changed, ct) : new CadreEligibilityMonitor.Result(0, 0, 0);
        await tx.CommitAsync(ct);
        kicker.Kick();
        return new StudentImportResult(plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.NewClasses.Count, missingChanged, ended, cadres.Flagged);
    }

    /// <summary>An empty workbook with the roster's headers, in the order the academic affairs system writes them.</summary>
    public static byte[] Template()
    {
        var table = new System.Data.DataTable("学生名单");
        foreach (var h in StudentColumns.TemplateHeaders) table.Columns.Add(h, typeof(string));
        using var stream = new MemoryStream();
        stream.SaveAs(table, sheetName: "学生名单", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Guid EnsureMayImport(Actor actor) =>
        MayImport(actor) ? actor.UniversityId!.Value : throw new ForbiddenActionException(new Reason(null, "access.roster-import-only"));

    private static bool IsFull(Attachment upload) => upload.ContentType.EndsWith(";full=1", StringComparison.Ordinal);

    /// <summary>Another university's upload, an expired one and one already confirmed are all simply not there.</summary>
    private async Task<Attachment> FindAsync(Guid universityId, Guid id, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - Lifetime;
        return await db.Attachments.SingleOrDefaultAsync(a => a.Id == id && a.UniversityId == universityId
                                                              && a.ContentType.StartsWith(ContentTypeMarker) && a.UploadedAt >= since, ct)
               ?? throw new NotFoundException("import");
    }
}
