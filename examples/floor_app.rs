//! The floor the benchmark compares the interface with: the least a ratatui
//! 0.30 list app on the crossterm backend costs through a terminal — a
//! title, a bordered list of rows like the board's (Chinese text, a
//! countdown column) and a hint line; ↑/↓ move the selection, q quits. No
//! database, no timers: whatever frontdesk costs beyond this is its own.
//!
//! ```sh
//! cargo run --release --example floor_app -- [ROWS]
//! ```

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};

fn main() -> std::io::Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_000);
    let kinds = ["报修", "投诉", "紧急", "咨询", "有偿"];
    let texts = [
        "厨房水龙头漏水，关不紧",
        "楼上夜间装修噪音，影响休息",
        "卫生间下水堵塞，水排不下去",
        "入户门锁芯卡住，钥匙拧不动",
    ];
    let items: Vec<String> = (0..rows)
        .map(|i| {
            format!(
                "{:>7} {} {:>2}-{}-{:04} {:<28} 剩{}:{:02}",
                100_000 + i,
                kinds[i % kinds.len()],
                1 + i % 80,
                1 + i % 2,
                101 + i % 3000,
                texts[i % texts.len()],
                i % 5,
                i % 60
            )
        })
        .collect();
    let mut terminal = ratatui::init();
    let mut state = ListState::default().with_selected(Some(0));
    let out = (|| -> std::io::Result<()> {
        loop {
            terminal.draw(|f| {
                let [title, body, hint] = Layout::vertical([
                    Constraint::Length(1),
                    Constraint::Min(1),
                    Constraint::Length(1),
                ])
                .areas(f.area());
                f.render_widget(
                    Line::from(format!("派工 {} 张未结  超时 12", items.len())),
                    title,
                );
                let list = List::new(items.iter().map(|s| ListItem::new(s.as_str())))
                    .block(Block::default().borders(Borders::ALL))
                    .highlight_style(Style::default().add_modifier(Modifier::REVERSED));
                f.render_stateful_widget(list, body, &mut state);
                f.render_widget(Line::from("↑↓ 选择  q 退出"), hint);
            })?;
            if let Event::Key(k) = event::read()? {
                if k.kind != KeyEventKind::Press {
                    continue;
                }
                match k.code {
                    KeyCode::Char('q') => return Ok(()),
                    KeyCode::Down => state.select_next(),
                    KeyCode::Up => state.select_previous(),
                    _ => {}
                }
            }
        }
    })();
    ratatui::restore();
    out
}
