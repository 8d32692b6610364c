namespace ReformFlow.Domain.Associations;

public enum AssociationCategory
{
    IdeologicalPolitical,
    Academic,
    InnovationEntrepreneurship,
    CultureSports,
    VolunteerPublicWelfare,
    Other,
}

public static class AssociationCategoryRules
{
    /// <summary>AS-2.2 (instructor) and AS-3.6 (main leaders): these categories need Communist Party members.</summary>
    public static bool RequiresPartyMember(this AssociationCategory category) =>
        category is AssociationCategory.IdeologicalPolitical or AssociationCategory.VolunteerPublicWelfare;
}
