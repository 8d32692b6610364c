namespace ReformFlow.Domain.Associations;

/// <summary>
/// AS-1.6: associations are in principle not named for enterprises, institutions or individuals.
/// "In principle" means reviewers decide, so a match flags the application instead of refusing it.
/// </summary>
public static class NameScreening
{
    private static readonly string[] Words =
    [
        "公司", "集团", "有限", "股份", "企业", "银行", "冠名", "赞助", "商贸", "科技有限",
        "company", "corp", "inc.", "ltd", "limited", "group", "bank", "sponsored", "co.",
    ];

    public static IReadOnlyList<string> CompanyLikeWords(string name)
    {
        var lower = name.ToLowerInvariant();
        return Words.Where(w => lower.Contains(w, StringComparison.Ordinal)).ToList();
    }
}
