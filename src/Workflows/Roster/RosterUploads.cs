using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Roster;

/// <summary>What a roster file says: students, teachers, or a semester's academic records and punishments.</summary>
public enum RosterKind { Students, Teachers, AcademicRecords }

/// <summary>A preview of a teacher or academic-records import (the student import has its own, with classes and students missing).</summary>
public sealed record RosterImportPreview(
    Guid Id, RosterKind Kind, string FileName, DateTimeOffset UploadedAt, DateTimeOffset ExpiresAt, int Rows, int Create, int Update, int Unchanged,
    IReadOnlyList<RosterError> Errors, bool CanConfirm);

/// <summary>
/// Uploaded roster files waiting for their confirmation, for every kind: kept in the database (an
/// <see cref="Attachment"/> whose content type names the kind) until confirmed or expired, so a preview survives
/// a restart and nothing is written before the confirmation. Who may import is decided here for every kind.
/// </summary>
public sealed class RosterUploads(ReformFlowDb db, TimeProvider clock)
{
    public const string MarkerPrefix = "application/vnd.reformflow.roster+";
    public const int MaxFileBytes = 16 * 1024 * 1024;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static string Marker(RosterKind kind) => MarkerPrefix + kind switch
    {
        RosterKind.Students => "students",
        RosterKind.Teachers => "teachers",
        _ => "academic-records",
    };

    /// <summary>Administrators and the student work department of their own university.</summary>
    public static bool MayImport(Actor actor) =>
        actor.UniversityId is not null && (actor.Holds(Role.UniversityAdmin) || actor.Holds(Role.StudentWorkDepartment));

    public static Guid EnsureMayImport(Actor actor) =>
        MayImport(actor) ? actor.UniversityId!.Value : throw new ForbiddenActionException(new Reason(null, "access.roster-import-only"));

    /// <summary>Reads the file (refusing what cannot be read or lacks a column) and keeps it; the caller previews the table read (not read twice).</summary>
    public async Task<(Attachment Upload, RosterTable Table)> StoreAsync(Actor actor, RosterKind kind, string? fileName, byte[] content, Action<RosterTable> checkColumns,
        string suffix, CancellationToken ct)
    {
        var universityId = EnsureMayImport(actor);
        if (content.Length > MaxFileBytes) throw new DomainException("import.too-large", MaxFileBytes / (1024 * 1024));
        var table = RosterFile.Read(content);
        checkColumns(table);
        if (table.Rows.Count == 0) throw new DomainException("import.no-rows");

        var now = clock.GetUtcNow();
        var upload = new Attachment
        {
            UniversityId = universityId, FileName = Path.GetFileName(fileName ?? "").Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, TextLimits.FileName)] : "roster",
            ContentType = Marker(kind) + suffix, Content = content,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedByUserId = actor.UserId, UploadedAt = now,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        // Uploads nobody confirmed go once they expire, so a preview is never a way to keep files.
        var expired = now - Lifetime;
        await db.Attachments.Where(a => a.ContentType.StartsWith(MarkerPrefix) && a.UploadedAt < expired).ExecuteDeleteAsync(ct);
        db.Attachments.Add(upload);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (upload, table);
    }

    /// <summary>Another university's upload, another kind's, an expired one and one already confirmed are all simply not there.</summary>
    public async Task<Attachment> FindAsync(Guid universityId, RosterKind kind, Guid id, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - Lifetime;
        var marker = Marker(kind);
        return await db.Attachments.SingleOrDefaultAsync(a => a.Id == id && a.UniversityId == universityId
                                                              && a.ContentType.StartsWith(marker) && a.UploadedAt >= since, ct)
               ?? throw new NotFoundException("import");
    }

    /// <summary>A confirmed upload goes in the confirmation's own transaction, without being loaded again.</summary>
    public Task RemoveAsync(Guid id, CancellationToken ct) => db.Attachments.Where(a => a.Id == id).ExecuteDeleteAsync(ct);

    public RosterImportPreview Preview(Attachment upload, RosterKind kind, int rows, int create, int update, int unchanged, IReadOnlyList<RosterError> errors) =>
        new(upload.Id, kind, upload.FileName, upload.UploadedAt, upload.UploadedAt + Lifetime, rows, create, update, unchanged, errors, errors.Count == 0);
}
