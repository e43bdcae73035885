-- Version 3: a ticket's category is stored as a code (domain::category), not
-- the label the operator's language showed, so one category no longer splits
-- into "水电" and "Plumbing/electric". The labels below are the lists of
-- version 1 in both languages (i18n zh.rs / en.rs). The English "Fees" was in
-- two lists: an enquiry's means the property fee (物业费), a complaint's a
-- charge (收费). Text that is no label stays verbatim and is shown as it is.

UPDATE tickets SET category = CASE category
    -- Repairs.
    WHEN '水电' THEN 'plumbing_electric' WHEN 'Plumbing/electric' THEN 'plumbing_electric'
    WHEN '门窗' THEN 'doors_windows'     WHEN 'Doors/windows' THEN 'doors_windows'
    WHEN '土建' THEN 'building'          WHEN 'Building' THEN 'building'
    WHEN '暖通' THEN 'hvac'              WHEN 'HVAC' THEN 'hvac'
    WHEN '公共设施' THEN 'public_area'   WHEN 'Public area' THEN 'public_area'
    -- Complaints.
    WHEN '服务态度' THEN 'attitude'      WHEN 'Staff attitude' THEN 'attitude'
    WHEN '环境卫生' THEN 'cleanliness'   WHEN 'Cleanliness' THEN 'cleanliness'
    WHEN '噪音扰民' THEN 'noise'         WHEN 'Noise' THEN 'noise'
    WHEN '安全秩序' THEN 'safety'        WHEN 'Safety' THEN 'safety'
    WHEN '收费' THEN 'fees'
    WHEN '工程质量' THEN 'construction'  WHEN 'Construction' THEN 'construction'
    -- Emergencies.
    WHEN '跑水' THEN 'water_leak'        WHEN 'Water leak' THEN 'water_leak'
    WHEN '火警' THEN 'fire_alarm'        WHEN 'Fire alarm' THEN 'fire_alarm'
    WHEN '停电' THEN 'power_cut'         WHEN 'Power cut' THEN 'power_cut'
    WHEN '电梯困人' THEN 'lift_entrapment' WHEN 'Lift entrapment' THEN 'lift_entrapment'
    WHEN '人员受伤' THEN 'injury'        WHEN 'Injury' THEN 'injury'
    -- Enquiries.
    WHEN '物业费' THEN 'property_fee'
    WHEN 'Fees' THEN CASE kind WHEN 'enquiry' THEN 'property_fee' ELSE 'fees' END
    WHEN '装修' THEN 'renovation'        WHEN 'Renovation' THEN 'renovation'
    WHEN '停车' THEN 'parking'           WHEN 'Parking' THEN 'parking'
    WHEN '办证' THEN 'permits'           WHEN 'Permits' THEN 'permits'
    -- Paid services.
    WHEN '家政' THEN 'housekeeping'      WHEN 'Housekeeping' THEN 'housekeeping'
    WHEN '维修' THEN 'repair'            WHEN 'Repair' THEN 'repair'
    WHEN '打字复印' THEN 'copying'       WHEN 'Copying' THEN 'copying'
    WHEN '加时空调' THEN 'extra_ac_hours' WHEN 'Extra A/C hours' THEN 'extra_ac_hours'
    -- Every list.
    WHEN '其他' THEN 'other'             WHEN 'Other' THEN 'other'
    ELSE category
END
WHERE category <> '';
