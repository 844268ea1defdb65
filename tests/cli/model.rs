//! `lauazym model`: the consolidated model of the seed act.

use crate::util::*;

#[test]
fn the_seed_gives_twenty_positions_two_of_them_titled() {
    let m = model_json();
    let positions = m["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 20);
    let titled: Vec<u64> =
        positions.iter().filter(|p| p["title"].is_object()).map(|p| p["points"][0].as_u64().unwrap()).collect();
    assert_eq!(titled, vec![61, 67]);
}

#[test]
fn repaired_items_read_as_correct_kazakh() {
    let m = model_json();
    let text = serde_json::to_string(&m).unwrap();
    for good in [
        "Қазақстан Республикасының Конституциясын;",
        "Еңбек кодексін;",
        "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заңды;",
    ] {
        assert!(text.contains(good), "missing «{good}»");
    }
    for bad in [" ;", ";заңды", ")кодексін", "  "] {
        let items: Vec<String> = m["positions"].as_array().unwrap().iter().flat_map(position_items).collect();
        assert!(items.iter().all(|i| !i.contains(bad)), "an item still has the artifact «{bad}»");
    }
}

#[test]
fn the_table_names_every_position() {
    let (code, out, err) = run(lauazym().arg("model"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("61") && out.contains("Қарттар мен мүгедектігі бар адамды күту"), "{out}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = lauazym().args(["model", "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
}
