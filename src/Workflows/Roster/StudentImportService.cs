using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
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
public sealed class StudentImportService(ReformFlowDb db, TimeProvider clock, RosterUploads uploads, CadreEligibilityMonitor monitor, LeaverNotices notices, IOutboxKicker kicker)
{
    public const string ContentTypeMarker = RosterUploads.MarkerPrefix + "students";
    public const int MaxFileBytes = RosterUploads.MaxFileBytes;
    public const int MaxMissingListed = 500;
    public static readonly TimeSpan Lifetime = RosterUploads.Lifetime;

    /// <summary>Administrators and the student work department of the student's own university.</summary>
    public static bool MayImport(Actor actor) => RosterUploads.MayImport(actor);

    public async Task<StudentImportPreview> UploadAsync(Actor actor, string fileName, byte[] content, bool fullRoster, CancellationToken ct)
    {
        var (upload, table) = await uploads.StoreAsync(actor, RosterKind.Students, fileName, content, t => StudentImportPlan.ResolveColumns(t.Headers),
            fullRoster ? ";full=1" : "", ct);
        return await PreviewAsync(upload, table, ct);
    }

    /// <summary>The preview, computed afresh against the database as it is now.</summary>
    public async Task<StudentImportPreview> PreviewAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        var upload = await uploads.FindAsync(universityId, RosterKind.Students, id, ct);
        return await PreviewAsync(upload, RosterFile.Read(upload.Content), ct);
    }

    private async Task<StudentImportPreview> PreviewAsync(Attachment upload, RosterTable table, CancellationToken ct)
    {
        var plan = await StudentImportPlan.BuildAsync(db, upload.UniversityId, table, IsFull(upload), ct);
        return new StudentImportPreview(upload.Id, upload.FileName, IsFull(upload), upload.UploadedAt, upload.UploadedAt + Lifetime, plan.Rows,
            plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.NewClasses.Count, plan.Errors, plan.Missing.Count,
            plan.Missing.Take(MaxMissingListed).Select(s => new MissingStudentView(s.StudentNumber, s.Name, s.Status)).ToList(), plan.Errors.Count == 0);
    }

    /// <summary>
    /// Writes the import in one transaction. Students who leave (graduated, withdrawn: from the file or by the
    /// choice for those missing) lose their memberships (AS-3.1) and the leaders of each association concerned are
    /// told once; sitting cadres whose data changed are re-checked and flagged to their league body as for any new
    /// academic data (SU-4.1, SU-4.2). Students are changed by their domain verbs and written by <see cref="BulkRows"/>.
    /// </summary>
    public async Task<StudentImportResult> ConfirmAsync(Actor actor, Guid id, MissingStudentsBecome? missingBecome, CancellationToken ct)
    {
        var universityId = RosterUploads.EnsureMayImport(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var upload = await uploads.FindAsync(universityId, RosterKind.Students, id, ct);
        var plan = await StudentImportPlan.BuildAsync(db, universityId, RosterFile.Read(upload.Content), IsFull(upload), ct);
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

        var created = new List<Student>(plan.Creates.Count);
        foreach (var v in plan.Creates)
        {
            var s = new Student(universityId, v.Number, v.Name, v.CollegeId, v.MajorId, ClassOf(v), v.Grade);
            if (v.Status is { } st) s.ChangeStatus(st);
            if (v.Political is { } p) s.ChangePoliticalStatus(p);
            created.Add(s);
        }
        var leavers = new Dictionary<Guid, Student>();
        var changed = new List<Student>();
        foreach (var (s, v) in plan.Updates)
        {
            s.UpdateEnrolment(v.Name, v.CollegeId, v.MajorId, ClassOf(v), v.Grade);
            if (v.Status is { } st && st != s.Status)
            {
                if (Student.IsLeaving(st)) leavers[s.Id] = s;
                s.ChangeStatus(st);
            }
            if (v.Political is { } p) s.ChangePoliticalStatus(p);
            changed.Add(s);
        }
        var missingChanged = 0;
        if (missingBecome is MissingStudentsBecome.Graduated or MissingStudentsBecome.Withdrawn)
        {
            var status = missingBecome == MissingStudentsBecome.Graduated ? StudentStatus.Graduated : StudentStatus.Withdrawn;
            foreach (var s in plan.Missing)
            {
                s.ChangeStatus(status);
                leavers[s.Id] = s;
                changed.Add(s);
                missingChanged++;
            }
        }

        var now = clock.GetUtcNow();
        var ended = new List<Membership>();
        if (leavers.Count > 0)
        {
            var leaverIds = leavers.Keys.ToList();
            ended = await db.Memberships.Where(m => leaverIds.Contains(m.StudentId) && m.LeftAt == null).ToListAsync(ct);
            await notices.QueueAsync(universityId, ended, leavers, ct);
            foreach (var m in ended) m.Leave(now);
        }
        db.Attachments.Remove(upload);
        AuditEntry.Add(db, now, universityId, actor, AuditKind.RosterImported, upload.FileName, $"students created={plan.Creates.Count} updated={plan.Updates.Count} unchanged={plan.Unchanged} classes={plan.NewClasses.Count} missingChanged={missingChanged} membershipsEnded={ended.Count}");
        await db.SaveChangesAsync(ct);
        BulkRows.InsertStudents(db, created);
        BulkRows.UpdateEnrolments(db, changed);
        var cadres = changed.Count > 0 ? await monitor.RecheckAsync(universityId, changed.Select(s => s.Id).ToList(), ct) : new CadreEligibilityMonitor.Result(0, 0, 0);
        await tx.CommitAsync(ct);
        kicker.Kick();
        return new StudentImportResult(plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.NewClasses.Count, missingChanged, ended.Count, cadres.Flagged);
    }

    /// <summary>An empty workbook with the roster's headers, in the order the academic affairs system writes them.</summary>
    public static byte[] Template() => StudentColumns.Set.Template();

    private static bool IsFull(Attachment upload) => upload.ContentType.EndsWith(";full=1", StringComparison.Ordinal);
}
