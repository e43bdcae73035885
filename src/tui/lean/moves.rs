//! The shortest way to move the terminal's cursor from where it is to a
//! cell: `ESC[row;colH` (CUP, 6–8 bytes) always works, but on the same row
//! `ESC[nC` (forward), `ESC[colG` (to a column) or a backspace are shorter,
//! and `CR LF` starts the next row in two bytes.

/// Where the terminal's cursor is. `x == width` means the last column was
/// just written and the terminal waits to wrap: only moves that set the
/// column outright (CR, CUP, CHA) are sure there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub x: u16,
    pub y: u16,
}

fn cup(x: u16, y: u16) -> Vec<u8> {
    match (x, y) {
        (0, 0) => b"\x1b[H".to_vec(),
        (0, y) => format!("\x1b[{}H", y + 1).into_bytes(),
        (x, y) => format!("\x1b[{};{}H", y + 1, x + 1).into_bytes(),
    }
}

/// `n` columns forward (CUF).
pub fn forward(n: u16) -> Vec<u8> {
    if n == 1 {
        b"\x1b[C".to_vec()
    } else {
        format!("\x1b[{n}C").into_bytes()
    }
}

/// To column `x` of the row the cursor is on: CR for the first, else CHA
/// (never longer than CR and a forward move).
fn column(x: u16) -> Vec<u8> {
    if x == 0 {
        b"\r".to_vec()
    } else {
        format!("\x1b[{}G", x + 1).into_bytes()
    }
}

/// Appends the shortest move from `from` (None: unknown) to `(x, y)`;
/// nothing when the cursor is already there. `width` is the screen's.
pub fn write(out: &mut Vec<u8>, from: Option<At>, x: u16, y: u16, width: u16) {
    let Some(f) = from else {
        out.extend(cup(x, y));
        return;
    };
    let pending = f.x >= width;
    if !pending && f.x == x && f.y == y {
        return;
    }
    let mut best = cup(x, y);
    let mut consider = |v: Vec<u8>| {
        if v.len() < best.len() {
            best = v;
        }
    };
    if f.y == y {
        if !pending && x > f.x {
            consider(forward(x - f.x));
        }
        if !pending && x + 1 == f.x {
            consider(b"\x08".to_vec());
        }
        consider(column(x));
    } else if y == f.y + 1 {
        // CR LF: LF alone may or may not return the carriage, depending on
        // the terminal's output settings; after CR it does not matter.
        let mut v = b"\r\n".to_vec();
        if x > 0 {
            v.extend(forward(x));
        }
        consider(v);
    }
    if !pending && f.x == x && f.y != y {
        // The same column, another row (VPA).
        consider(format!("\x1b[{}d", y + 1).into_bytes());
    }
    out.extend(best);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(from: Option<(u16, u16)>, x: u16, y: u16) -> String {
        let mut v = Vec::new();
        write(&mut v, from.map(|(x, y)| At { x, y }), x, y, 80);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn the_shortest_move_is_chosen() {
        assert_eq!(mv(None, 0, 0), "\x1b[H");
        assert_eq!(mv(None, 0, 4), "\x1b[5H");
        assert_eq!(mv(None, 9, 4), "\x1b[5;10H");
        assert_eq!(mv(Some((9, 4)), 9, 4), "");
        assert_eq!(mv(Some((9, 4)), 10, 4), "\x1b[C");
        assert_eq!(mv(Some((9, 4)), 30, 4), "\x1b[21C");
        assert_eq!(mv(Some((9, 4)), 8, 4), "\x08");
        assert_eq!(mv(Some((9, 4)), 0, 4), "\r");
        assert_eq!(mv(Some((40, 4)), 2, 4), "\x1b[3G");
        assert_eq!(mv(Some((40, 4)), 20, 4), "\x1b[21G");
        assert_eq!(mv(Some((40, 4)), 0, 5), "\r\n");
        assert_eq!(mv(Some((40, 4)), 1, 5), "\r\n\x1b[C");
        assert_eq!(mv(Some((40, 4)), 40, 9), "\x1b[10d");
        assert_eq!(mv(Some((40, 4)), 30, 9), "\x1b[10;31H");
    }

    #[test]
    fn after_the_last_column_only_absolute_moves() {
        // The wrap is pending at (80, 4): no CUF, no backspace, no VPA.
        assert_eq!(mv(Some((80, 4)), 79, 4), "\x1b[80G");
        assert_eq!(mv(Some((80, 4)), 0, 5), "\r\n");
        assert_eq!(mv(Some((80, 4)), 80 - 1, 9), "\x1b[10;80H");
    }
}
