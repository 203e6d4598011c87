package com.aftersales.cases;

/**
 * The state of an item a buyer wants to send back without a reason (R-RET-2, R-RET-3): what the shop reports for the
 * buyer when it opens a NO_REASON_RETURN case, and what an agent records on "Review the return request". The values
 * are the ReturnEligibility table's (return-eligibility.dmn) and the form's options.
 */
public enum ItemCondition {
    /** Packaging, tags and accessories complete, no sign of use (R-RET-2). */
    ORIGINAL,
    /** Packaging, tags or accessories not complete (R-RET-2). */
    INCOMPLETE,
    /** Used, washed or tag removed (R-RET-3). */
    USED_WASHED_OR_TAG_REMOVED,
    /** Damage from abnormal use (R-RET-3). */
    ABNORMAL_USE_DAMAGE,
    /** A defect the listing clearly stated (R-RET-3). */
    LISTED_DEFECT
}
