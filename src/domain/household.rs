//! The household file 业户档案 (000 §2, 002 3.6.10): who lives in or owns a
//! unit, and whether they are paid up.

use super::ticket::coded_enum;

coded_enum!(
    /// Owner 业主 or tenant 租户.
    HouseholdKind {
        Owner => "owner",
        Tenant => "tenant",
    }
);

coded_enum!(
    /// Management fees.
    PaymentStatus {
        Paid => "paid",
        Arrears => "arrears",
        Unknown => "unknown",
    }
);
