namespace ReformFlow.Domain.Ledger;

/// <summary>
/// Where a university's ledger stands in its sign-off chain (process "Ledger"): the school league committee prepares →
/// the student work department reviews (returns with comments, or agrees) → the school party committee signs off →
/// submitted to the province. A reopened ledger goes back to <see cref="Preparing"/> as the next version.
/// </summary>
public enum LedgerState { Preparing, StudentWorkReview, PartySignOff, Submitted }
