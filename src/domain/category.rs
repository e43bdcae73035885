//! Ticket categories 类别: one list per kind, stored as codes so a category is
//! the same whatever language the operator works in. Labels are in `i18n`,
//! keyed by code. A label stored before categories were codes and matching no
//! code is kept verbatim (`TicketCategory::Text`) and shown as it is.

use super::ticket::{coded_enum, Kind};

coded_enum!(
    /// Every category of every kind. `Other` is in every list.
    Category {
        // Repairs 报修.
        PlumbingElectric => "plumbing_electric",
        DoorsWindows => "doors_windows",
        Building => "building",
        Hvac => "hvac",
        PublicArea => "public_area",
        // Complaints 投诉.
        Attitude => "attitude",
        Cleanliness => "cleanliness",
        Noise => "noise",
        Safety => "safety",
        Fees => "fees",
        Construction => "construction",
        // Emergencies 紧急事件.
        WaterLeak => "water_leak",
        FireAlarm => "fire_alarm",
        PowerCut => "power_cut",
        LiftEntrapment => "lift_entrapment",
        Injury => "injury",
        // Enquiries 咨询.
        PropertyFee => "property_fee",
        Renovation => "renovation",
        Parking => "parking",
        Permits => "permits",
        // Paid services 有偿服务.
        Housekeeping => "housekeeping",
        Repair => "repair",
        Copying => "copying",
        ExtraAcHours => "extra_ac_hours",
        Other => "other",
    }
);

use Category as C;

const REPAIR: &[Category] = &[
    C::PlumbingElectric,
    C::DoorsWindows,
    C::Building,
    C::Hvac,
    C::PublicArea,
    C::Other,
];
const COMPLAINT: &[Category] = &[
    C::Attitude,
    C::Cleanliness,
    C::Noise,
    C::Safety,
    C::Fees,
    C::Construction,
    C::Other,
];
const EMERGENCY: &[Category] = &[
    C::WaterLeak,
    C::FireAlarm,
    C::PowerCut,
    C::LiftEntrapment,
    C::Injury,
    C::Other,
];
const ENQUIRY: &[Category] = &[
    C::PropertyFee,
    C::Renovation,
    C::Parking,
    C::Permits,
    C::Other,
];
const PAID: &[Category] = &[
    C::Housekeeping,
    C::Repair,
    C::Copying,
    C::ExtraAcHours,
    C::Other,
];

impl Category {
    /// The categories offered for a kind, in the order shown.
    pub fn of_kind(kind: Kind) -> &'static [Category] {
        match kind {
            Kind::Repair => REPAIR,
            Kind::Complaint => COMPLAINT,
            Kind::Emergency => EMERGENCY,
            Kind::Enquiry => ENQUIRY,
            Kind::PaidService => PAID,
        }
    }
}

/// A ticket's category as stored: none, a code, or old text kept verbatim.
/// A follow-up ticket carries its parent's, so a code may belong to another
/// kind's list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TicketCategory {
    #[default]
    None,
    Code(Category),
    Text(String),
}

impl TicketCategory {
    /// From the stored column: empty, a code, or anything else verbatim.
    pub fn stored(s: &str) -> TicketCategory {
        let s = s.trim();
        if s.is_empty() {
            TicketCategory::None
        } else {
            match s.parse() {
                Ok(c) => TicketCategory::Code(c),
                Err(_) => TicketCategory::Text(s.to_string()),
            }
        }
    }

    /// What goes in the column: the code, the text, or empty.
    pub fn as_stored(&self) -> &str {
        match self {
            TicketCategory::None => "",
            TicketCategory::Code(c) => c.code(),
            TicketCategory::Text(t) => t,
        }
    }

    pub fn code(&self) -> Option<Category> {
        match self {
            TicketCategory::Code(c) => Some(*c),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, TicketCategory::None)
    }
}

impl From<Category> for TicketCategory {
    fn from(c: Category) -> Self {
        TicketCategory::Code(c)
    }
}

impl From<Option<Category>> for TicketCategory {
    fn from(c: Option<Category>) -> Self {
        c.map_or(TicketCategory::None, TicketCategory::Code)
    }
}

/// In JSON as stored: the code, the old text, or "" when there is none.
impl serde::Serialize for TicketCategory {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_stored())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_list_and_other() {
        let mut seen = Vec::new();
        for &k in Kind::ALL {
            let list = Category::of_kind(k);
            assert_eq!(list.last(), Some(&Category::Other), "{k}");
            seen.extend_from_slice(list);
        }
        for c in Category::ALL {
            assert!(seen.contains(c), "{c} is in no list");
        }
    }

    #[test]
    fn stored_values() {
        assert_eq!(TicketCategory::stored(""), TicketCategory::None);
        assert_eq!(
            TicketCategory::stored("hvac"),
            TicketCategory::Code(Category::Hvac)
        );
        assert_eq!(
            TicketCategory::stored("快递代收"),
            TicketCategory::Text("快递代收".into())
        );
        for v in ["", "noise", "快递代收"] {
            assert_eq!(TicketCategory::stored(v).as_stored(), v);
        }
        assert_eq!(
            serde_json::to_string(&TicketCategory::Code(Category::WaterLeak)).unwrap(),
            "\"water_leak\""
        );
    }
}
