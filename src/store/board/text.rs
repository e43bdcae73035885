//! The board's text: every row's place, department, work-order number,
//! reporter, category, phone tail and description, side by side in one
//! string. 50,000 open tickets then cost one allocation for their text
//! instead of seven `String`s each (a `String` is 24 bytes before its
//! heap block, and the smallest heap block is 32), and the quick search
//! reads the description here without a query.

use super::BoardRow;

/// The short fields, in the order they are laid out.
const PLACE: usize = 0;
const DEPARTMENT: usize = 1;
const WO_NO: usize = 2;
const REPORTER: usize = 3;
const CATEGORY: usize = 4;
const PHONE_TAIL: usize = 5;
const SHORT: usize = 6;

/// A short field longer than this is cut (at a character boundary): the
/// list shows a few columns of it and nobody searches by a kilobyte of
/// a name. Six of them fit the `u16` end offsets.
const SHORT_MAX: usize = 4_096;

/// Where one row's text lies in the board's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextAt {
    start: usize,
    /// Where each short field ends, from `start`.
    ends: [u16; SHORT],
    /// The description's length (it follows the short fields).
    long: u32,
}

impl TextAt {
    /// Bytes this row's text takes.
    pub fn len(&self) -> usize {
        usize::from(self.ends[SHORT - 1]) + self.long as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same text after it moved `by` bytes on (appended to another).
    pub fn moved(self, by: usize) -> TextAt {
        TextAt {
            start: self.start + by,
            ..self
        }
    }
}

/// The text of a set of board rows (see the module's comment).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardText(String);

/// `s` cut to at most `max` bytes at a character boundary (also the
/// callbacks queue's).
pub(in crate::store) fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl BoardText {
    pub fn with_capacity(n: usize) -> BoardText {
        BoardText(String::with_capacity(n))
    }

    /// Bytes held (live rows' text and any left by replaced rows).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Add one row's text: the short fields (place, department code,
    /// work-order number, reporter, category text, phone tail) and the
    /// description.
    pub fn push(&mut self, short: [&str; SHORT], description: &str) -> TextAt {
        let start = self.0.len();
        let mut ends = [0u16; SHORT];
        let mut at = 0usize;
        for (end, s) in ends.iter_mut().zip(short) {
            let s = cut(s, SHORT_MAX);
            self.0.push_str(s);
            at += s.len();
            // At most SHORT × SHORT_MAX (24,576): fits.
            *end = at as u16;
        }
        let description = cut(description, u32::MAX as usize);
        self.0.push_str(description);
        TextAt {
            start,
            ends,
            long: description.len() as u32,
        }
    }

    /// Add `other`'s text at the end; its rows' text moves by the offset
    /// returned (`TextAt::moved`).
    pub fn append(&mut self, other: &BoardText) -> usize {
        let by = self.0.len();
        self.0.push_str(&other.0);
        by
    }

    /// The same rows' text again without what replaced rows left behind:
    /// each of `rows`' text copied once, in their order, their places
    /// updated.
    pub fn compact<'a>(&mut self, rows: impl Iterator<Item = &'a mut TextAt>, live: usize) {
        let mut fresh = String::with_capacity(live);
        for at in rows {
            let len = at.len();
            let start = fresh.len();
            fresh.push_str(&self.0[at.start..at.start + len]);
            at.start = start;
        }
        self.0 = fresh;
    }

    /// Give back spare capacity (after a whole load).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    fn short(&self, at: &TextAt, i: usize) -> &str {
        let from = if i == 0 { 0 } else { at.ends[i - 1] };
        let s = at.start;
        &self.0[s + usize::from(from)..s + usize::from(at.ends[i])]
    }

    /// The unit code, or the public-area location.
    pub fn place(&self, r: &BoardRow) -> &str {
        self.short(&r.text, PLACE)
    }

    /// The unit code, when the ticket is for a unit.
    pub fn unit(&self, r: &BoardRow) -> Option<&str> {
        r.has_unit.then(|| self.place(r))
    }

    /// The department's code, once dispatched.
    pub fn department(&self, r: &BoardRow) -> Option<&str> {
        Some(self.short(&r.text, DEPARTMENT)).filter(|s| !s.is_empty())
    }

    pub fn wo_no(&self, r: &BoardRow) -> Option<&str> {
        Some(self.short(&r.text, WO_NO)).filter(|s| !s.is_empty())
    }

    pub fn reporter(&self, r: &BoardRow) -> &str {
        self.short(&r.text, REPORTER)
    }

    /// The category as stored: its code, or the text kept verbatim.
    pub fn category(&self, r: &BoardRow) -> &str {
        match r.category {
            Some(c) => c.code(),
            None => self.short(&r.text, CATEGORY),
        }
    }

    /// What the masked phone shows at its end (the digits after the last
    /// `*`, or all of a phone too short to mask): a search for a phone
    /// tail matches the masked phone exactly when it matches this.
    pub fn phone_tail(&self, r: &BoardRow) -> &str {
        self.short(&r.text, PHONE_TAIL)
    }

    pub fn description(&self, r: &BoardRow) -> &str {
        let s = r.text.start + usize::from(r.text.ends[SHORT - 1]);
        &self.0[s..s + r.text.long as usize]
    }

    /// First line of the description.
    pub fn summary(&self, r: &BoardRow) -> &str {
        self.description(r).lines().next().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_back_as_pushed() {
        let mut t = BoardText::default();
        let a = t.push(["3-2-1201", "", "", "王建国", "", "5678"], "漏水\n第二行");
        let b = t.push(["1栋 大堂", "eng", "WO-1", "", "快递", "12"], "灯不亮");
        assert_eq!(a.len(), "3-2-1201王建国5678漏水\n第二行".len());
        let s = |at: TextAt, i| t.short(&at, i).to_string();
        assert_eq!(s(a, PLACE), "3-2-1201");
        assert_eq!(s(a, DEPARTMENT), "");
        assert_eq!(s(a, REPORTER), "王建国");
        assert_eq!(s(a, PHONE_TAIL), "5678");
        assert_eq!(s(b, PLACE), "1栋 大堂");
        assert_eq!(s(b, DEPARTMENT), "eng");
        assert_eq!(s(b, WO_NO), "WO-1");
        assert_eq!(s(b, CATEGORY), "快递");
        assert_eq!(s(b, PHONE_TAIL), "12");
    }

    #[test]
    fn long_fields_are_cut_at_a_character_boundary() {
        let mut t = BoardText::default();
        let name = "王".repeat(SHORT_MAX); // 3 bytes each
        let at = t.push([&name, &name, &name, &name, &name, &name], "x");
        let row = |i| t.short(&at, i);
        for i in 0..SHORT {
            assert!(row(i).len() <= SHORT_MAX && row(i).len() > SHORT_MAX - 3);
            assert!(row(i).chars().all(|c| c == '王'));
        }
        assert_eq!(&t.0[at.start + usize::from(at.ends[SHORT - 1])..], "x");
    }

    #[test]
    fn compact_keeps_the_live_rows_text_only() {
        let mut t = BoardText::default();
        let mut a = t.push(["a", "", "", "", "", ""], "first");
        let _gone = t.push(["b", "", "", "", "", ""], "replaced");
        let mut c = t.push(["c", "", "", "", "", ""], "third");
        let live = a.len() + c.len();
        t.compact([&mut c, &mut a].into_iter(), live);
        assert_eq!(t.len(), live);
        assert_eq!(t.short(&a, PLACE), "a");
        assert_eq!(t.short(&c, PLACE), "c");
        assert_eq!(&t.0, "cthirdafirst");
    }
}
