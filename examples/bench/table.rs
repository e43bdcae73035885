//! The table bench prints: each figure with its target, its floor and the
//! ratio between them; percentiles.

/// One line of the table.
#[derive(serde::Serialize)]
pub struct Figure {
    name: String,
    value: Option<f64>,
    unit: &'static str,
    target: String,
    floor: Option<f64>,
    ratio: Option<f64>,
    note: String,
}

#[derive(Default)]
pub struct Table(pub Vec<Figure>);

impl Table {
    pub fn add(&mut self, name: &str, value: Option<f64>, unit: &'static str, target: &str) {
        self.add_vs(name, value, unit, target, None, "");
    }
    pub fn add_vs(
        &mut self,
        name: &str,
        value: Option<f64>,
        unit: &'static str,
        target: &str,
        floor: Option<f64>,
        note: &str,
    ) {
        let ratio = match (value, floor) {
            (Some(v), Some(f)) if f > 0.0 => Some(v / f),
            _ => None,
        };
        self.0.push(Figure {
            name: name.into(),
            value,
            unit,
            target: target.into(),
            floor,
            ratio,
            note: note.into(),
        });
    }
    pub fn print(&self) {
        let num = |v: Option<f64>| match v {
            Some(v) if v >= 100.0 => format!("{v:.0}"),
            Some(v) => format!("{v:.1}"),
            None => "—".into(),
        };
        println!(
            "| {:<48} | {:>10} | {:<5} | {:<22} | {:>10} | {:>6} | note",
            "figure", "value", "unit", "target", "floor", "ratio"
        );
        println!(
            "|{:-<50}|{:-<12}|{:-<7}|{:-<24}|{:-<12}|{:-<8}|------",
            "", "", "", "", "", ""
        );
        for f in &self.0 {
            let ratio = f.ratio.map(|r| format!("{r:.2}×")).unwrap_or("—".into());
            println!(
                "| {:<48} | {:>10} | {:<5} | {:<22} | {:>10} | {:>6} | {}",
                f.name,
                num(f.value),
                f.unit,
                f.target,
                num(f.floor),
                ratio,
                f.note
            );
        }
    }
}

pub fn pct(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    Some(s[((s.len() as f64 - 1.0) * q).round() as usize])
}

pub fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}
