using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Organisation;

/// <summary>
/// A province (or municipality) whose education working committee and league committee receive the work ledgers of
/// its universities. One database may hold many universities of one or several provinces.
/// </summary>
public sealed class Province
{
    private Province() { Code = Name = NameEn = ""; }

    public Province(string code, string name, string nameEn)
    {
        Id = Guid.NewGuid();
        Code = StructureNames.CheckCode(code);
        (Name, NameEn) = StructureNames.Check(name, nameEn);
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
}
