using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Organisation;

public enum StructureKind { College, Major, Class, Unit }

/// <summary>One page of a list: <see cref="Page"/> counts from 1.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A row of any structure list: Parent is the college of a major or unit, the major of a class.</summary>
public sealed record StructureRow(
    Guid Id, string? Code, string Name, string NameEn, Guid? ParentId, string? Parent, string? ParentEn,
    int? Grade, OrgUnitKind? Kind, DateTimeOffset? DeactivatedAt)
{
    public bool IsActive => DeactivatedAt is null;
}

/// <summary>
/// The structure lists of one university, 50 to a page, searched by <c>q</c> on code and names (both languages),
/// active ones first. Each list also filters by its parent (college of a major or unit, major of a class).
/// </summary>
public sealed class StructureQueries(ReformFlowDb db)
{
    public const int PageSize = 50;

    public Task<Paged<StructureRow>> CollegesAsync(Guid uni, string? q, int page, CancellationToken ct)
    {
        var rows = db.Colleges.AsNoTracking().Where(c => c.UniversityId == uni);
        if (Term(q) is { } t) rows = rows.Where(c => c.Code.Contains(t) || c.Name.Contains(t) || c.NameEn.ToLower().Contains(t.ToLower()));
        return PageAsync(rows.OrderBy(c => c.DeactivatedAt != null).ThenBy(c => c.Code)
            .Select(c => new StructureRow(c.Id, c.Code, c.Name, c.NameEn, null, null, null, null, null, c.DeactivatedAt)), page, ct);
    }

    public Task<Paged<StructureRow>> MajorsAsync(Guid uni, Guid? collegeId, string? q, int page, CancellationToken ct)
    {
        var rows = from m in db.Majors.AsNoTracking()
                   join c in db.Colleges.AsNoTracking() on m.CollegeId equals c.Id
                   where m.UniversityId == uni && (collegeId == null || m.CollegeId == collegeId)
                   select new { m, c };
        if (Term(q) is { } t) rows = rows.Where(x => x.m.Name.Contains(t) || x.m.NameEn.ToLower().Contains(t.ToLower()));
        return PageAsync(rows.OrderBy(x => x.m.DeactivatedAt != null).ThenBy(x => x.c.Code).ThenBy(x => x.m.Name)
            .Select(x => new StructureRow(x.m.Id, null, x.m.Name, x.m.NameEn, x.c.Id, x.c.Name, x.c.NameEn, null, null, x.m.DeactivatedAt)), page, ct);
    }

    public Task<Paged<StructureRow>> ClassesAsync(Guid uni, Guid? majorId, Guid? collegeId, int? grade, string? q, int page, CancellationToken ct)
    {
        var rows = from g in db.ClassGroups.AsNoTracking()
                   join m in db.Majors.AsNoTracking() on g.MajorId equals m.Id
                   where g.UniversityId == uni && (majorId == null || g.MajorId == majorId) && (collegeId == null || m.CollegeId == collegeId)
                         && (grade == null || g.Grade == grade)
                   select new { g, m };
        if (Term(q) is { } t) rows = rows.Where(x => x.g.Name.Contains(t) || x.g.NameEn.ToLower().Contains(t.ToLower()));
        return PageAsync(rows.OrderBy(x => x.g.DeactivatedAt != null).ThenByDescending(x => x.g.Grade).ThenBy(x => x.g.Name)
            .Select(x => new StructureRow(x.g.Id, null, x.g.Name, x.g.NameEn, x.m.Id, x.m.Name, x.m.NameEn, x.g.Grade, null, x.g.DeactivatedAt)), page, ct);
    }

    public Task<Paged<StructureRow>> UnitsAsync(Guid uni, OrgUnitKind? kind, Guid? collegeId, string? q, int page, CancellationToken ct)
    {
        var rows = from o in db.OrgUnits.AsNoTracking()
                   join c in db.Colleges.AsNoTracking() on o.CollegeId equals c.Id into cs
                   from c in cs.DefaultIfEmpty()
                   where o.UniversityId == uni && (kind == null || o.Kind == kind) && (collegeId == null || o.CollegeId == collegeId)
                   select new { o, c };
        if (Term(q) is { } t) rows = rows.Where(x => x.o.Name.Contains(t) || x.o.NameEn.ToLower().Contains(t.ToLower()));
        return PageAsync(rows.OrderBy(x => x.o.DeactivatedAt != null).ThenBy(x => x.o.Kind).ThenBy(x => x.o.Name)
            .Select(x => new StructureRow(x.o.Id, null, x.o.Name, x.o.NameEn, x.o.CollegeId, x.c == null ? null : x.c.Name, x.c == null ? null : x.c.NameEn,
                null, x.o.Kind, x.o.DeactivatedAt)), page, ct);
    }

    /// <summary>Active colleges and majors, for the forms' pickers (a university has tens of colleges and a few hundred majors).</summary>
    public async Task<IReadOnlyList<StructureRow>> ActiveCollegesAsync(Guid uni, CancellationToken ct) =>
        await db.Colleges.AsNoTracking().Where(c => c.UniversityId == uni && c.DeactivatedAt == null).OrderBy(c => c.Code)
            .Select(c => new StructureRow(c.Id, c.Code, c.Name, c.NameEn, null, null, null, null, null, null)).ToListAsync(ct);

    public async Task<IReadOnlyList<StructureRow>> ActiveMajorsAsync(Guid uni, CancellationToken ct) =>
        await (from m in db.Majors.AsNoTracking()
               join c in db.Colleges.AsNoTracking() on m.CollegeId equals c.Id
               where m.UniversityId == uni && m.DeactivatedAt == null
               orderby c.Code, m.Name
               select new StructureRow(m.Id, null, m.Name, m.NameEn, c.Id, c.Name, c.NameEn, null, null, null)).ToListAsync(ct);

    private static string? Term(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();

    private static async Task<Paged<StructureRow>> PageAsync(IQueryable<StructureRow> rows, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var total = await rows.CountAsync(ct);
        var items = await rows.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new Paged<StructureRow>(items, page, PageSize, total);
    }
}
