//! The inline codes of a segment, gathered as the reader meets them.

use crate::tmx::{Code, CodeKind, Inline};

/// The inline codes of a segment being read. Its text is in the segment's
/// text buffer; the part from `from` on is not yet in a piece.
#[derive(Debug, Default)]
pub(super) struct SegTree {
    top: Vec<Inline>,
    open: Vec<Code>,
    from: usize,
}

impl SegTree {
    /// Moves the text read since the last code into the current element.
    fn flush(&mut self, text: &str) {
        if text.len() > self.from {
            let piece = Inline::Text(text[self.from..].to_owned());
            match self.open.last_mut() {
                Some(c) => c.content.push(piece),
                None => self.top.push(piece),
            }
            self.from = text.len();
        }
    }

    fn push(&mut self, code: Code) {
        match self.open.last_mut() {
            Some(c) => c.content.push(Inline::Code(code)),
            None => self.top.push(Inline::Code(code)),
        }
    }

    /// A code starts (and ends too, when `empty`).
    pub(super) fn open(
        &mut self,
        text: &str,
        kind: CodeKind,
        attrs: Vec<(String, String)>,
        empty: bool,
    ) {
        self.flush(text);
        let code = Code {
            kind,
            attrs,
            content: Vec::new(),
        };
        if empty {
            self.push(code);
        } else {
            self.open.push(code);
        }
    }

    /// The innermost open code ends.
    pub(super) fn close(&mut self, text: &str) {
        self.flush(text);
        if let Some(code) = self.open.pop() {
            self.push(code);
        }
    }

    /// The segment's pieces, once it has ended.
    pub(super) fn finish(mut self, text: &str) -> Vec<Inline> {
        self.flush(text);
        while !self.open.is_empty() {
            self.close(text);
        }
        self.top
    }
}
