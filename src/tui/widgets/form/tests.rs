use super::*;

field_keys! {
    enum K { Name => "name", Kind => "kind", Signed => "signed", Text => "text" }
}

fn form() -> Form<K> {
    Form::new(vec![
        Field::line(K::Name, "姓名", 20).required(),
        Field::choice(
            K::Kind,
            "类型",
            vec![("a".into(), "甲".into()), ("b".into(), "乙".into())],
        ),
        Field::toggle(K::Signed, "签字").required(),
        Field::lines(K::Text, "内容", 200),
    ])
}

fn typed(f: &mut Form<K>, s: &str) {
    for c in s.chars() {
        f.type_char(c);
    }
}

#[test]
fn routing_is_the_same_for_every_form() {
    let mut f = form();
    assert_eq!(f.handle(Action::Back), FormEvent::Cancel);
    typed(&mut f, "王");
    assert_eq!(f.handle(Action::Back), FormEvent::AskDiscard);
    assert_eq!(f.handle(Action::FieldDone), FormEvent::None);
    assert_eq!(f.focused_key(), Some(K::Kind));
    assert_eq!(f.handle(Action::ChoiceNext), FormEvent::Changed(K::Kind));
    assert_eq!(f.value(K::Kind), "b");
    f.handle(Action::NextField);
    assert_eq!(f.handle(Action::Yes), FormEvent::Changed(K::Signed));
    assert_eq!(f.toggle(K::Signed), Some(true));
    f.handle(Action::NextField);
    assert_eq!(f.contexts()[0], Context::TextArea);
    assert_eq!(f.handle(Action::FieldDone), FormEvent::Submit);
    assert_eq!(f.handle(Action::Save), FormEvent::Submit);
    f.handle(Action::NextField);
    assert_eq!(f.focused_key(), Some(K::Name));
}

#[test]
fn missing_fields_are_marked_and_focused() {
    let mut f = form();
    f.focus_on(K::Text);
    assert!(f.mark_missing("必填"));
    assert_eq!(f.focused_key(), Some(K::Name));
    assert!(f.note(K::Signed).is_some());
    assert!(f.note(K::Kind).is_none());
    typed(&mut f, "王芳");
    f.clear_notes();
    f.set(K::Signed, "no");
    assert!(!f.mark_missing("必填"));
}

#[test]
fn drafts_round_trip_and_count_as_typed() {
    let mut f = form();
    typed(&mut f, "李娜");
    f.handle(Action::NextField);
    f.handle(Action::ChoiceNext);
    let values = f.values();
    let mut g = form();
    assert!(!g.is_dirty());
    g.restore(&values);
    assert_eq!(g.value(K::Name), "李娜");
    assert_eq!(g.value(K::Kind), "b");
    assert!(g.is_dirty());
}

#[test]
fn setting_a_value_is_not_typing() {
    let mut f = form();
    f.set(K::Name, "王建国");
    assert!(!f.is_dirty());
    // The filled-in value is replaced by what is typed.
    typed(&mut f, "李");
    assert_eq!(f.value(K::Name), "李");
    assert!(f.is_dirty());
}

#[test]
fn pins_stay_out_of_drafts() {
    field_keys! { enum P { Pin => "pin", Who => "who" } }
    let mut f = Form::new(vec![
        Field::pin(P::Pin, "PIN"),
        Field::line(P::Who, "谁", 10),
    ]);
    for c in "1234".chars() {
        f.type_char(c);
    }
    assert_eq!(f.value(P::Pin), "1234");
    assert!(!f.values().contains_key("pin"));
}
