//! Tests of the places the reader gives segments: the same through the
//! chunked pipeline as in one piece, and those of the text itself.

use super::*;

/// A memory whose units sit at varied columns, with multibyte characters
/// before segments and units sharing lines.
fn document(units: usize) -> String {
    let mut d = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body>",
    );
    for k in 0..units {
        let indent = " ".repeat(k % 5);
        let sep = if k % 3 == 0 { "\n" } else { "" };
        d.push_str(&format!(
            "{sep}{indent}<tu tuid=\"{k}\"><!-- é{k} --><tuv xml:lang=\"en\"><seg>u{k} é</seg></tuv>\n{indent}  <tuv xml:lang=\"fr\">ß<seg>v{k}\nw</seg></tuv></tu>"
        ));
    }
    d.push_str("\n</body>\n</tmx>\n");
    d
}

/// (line, column in characters) of every segment's text, found in the text.
fn expected(doc: &str) -> Vec<(u64, u64)> {
    doc.match_indices("<seg>")
        .map(|(k, m)| {
            let before = &doc[..k + m.len()];
            let line = before.matches('\n').count() as u64 + 1;
            let start = before.rfind('\n').map_or(0, |n| n + 1);
            (line, before[start..].chars().count() as u64 + 1)
        })
        .collect()
}

fn places(mut r: TmxReader) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    while let Some((_, lines)) = r.next_unit_with_lines().unwrap() {
        out.extend(lines.segments);
    }
    out
}

#[test]
fn segment_places_agree_whole_and_chunked() {
    let doc = document(300);
    let want = expected(&doc);
    assert_eq!(want.len(), 600);
    assert_eq!(places(TmxReader::from_text(doc.clone()).unwrap()), want);
    for chunk in [1, 64, 1000] {
        let source = Box::new(io::Cursor::new(doc.clone().into_bytes()));
        let r = TmxReader::from_utf8_chunks(source, chunk).unwrap();
        assert_eq!(places(r), want, "chunks of {chunk} bytes");
    }
}
