//! The normal form in which segments are compared ("the same segment"):
//! spaces collapsed, one apostrophe, lower case; and its hash, read eight
//! bytes at a time when the text is ASCII.

/// The characters of `text` with spaces collapsed (and trimmed),
/// apostrophes made one and letters in lower case: what "the same segment"
/// means.
pub fn normal_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    text.trim().chars().flat_map(move |c| {
        let mut out = ['\0'; 4];
        let mut n = 0;
        if c.is_whitespace() {
            space = true;
            return out.into_iter().take(0);
        }
        if space {
            out[0] = ' ';
            n = 1;
            space = false;
        }
        match c {
            '\'' | '‘' | 'ʼ' | '’' => {
                out[n] = '’';
                n += 1;
            }
            c if c.is_ascii() => {
                out[n] = c.to_ascii_lowercase();
                n += 1;
            }
            c => {
                for l in c.to_lowercase().take(3) {
                    out[n] = l;
                    n += 1;
                }
            }
        }
        out.into_iter().take(n)
    })
}

/// [`normal_chars`] as a string.
pub fn normalise(text: &str) -> String {
    normal_chars(text).collect()
}

/// A 64-bit hash of a text as [`normal_chars`] makes it (spaces collapsed
/// and trimmed, letters in lower case, apostrophes made one), for grouping
/// segments that are the same. Most texts need no collapsing nor case
/// mapping beyond ASCII: they are hashed eight bytes at a time.
pub fn normal_key(text: &str) -> u64 {
    let t = text.trim_ascii();
    fast_key(t.as_bytes()).unwrap_or_else(|| slow_key(t))
}

/// The key of a text that is its own normal form but for ASCII capitals
/// (no run of spaces, no other white space, apostrophes ASCII, no
/// non-ASCII capital: Latin-1 small letters and signs only), read in one
/// pass, eight ASCII bytes at a time; `None` for any other text.
fn fast_key(b: &[u8]) -> Option<u64> {
    let mut acc = Acc::default();
    let mut k = 0;
    let mut prev_space = false;
    // ASCII chunks while they last.
    while k + 8 <= b.len() {
        let x = u64::from_le_bytes(b[k..k + 8].try_into().expect("eight bytes"));
        if x & HIGH != 0 {
            break;
        }
        // Controls (tabs, line breaks) are below 0x20; spaces are 0x20 (the
        // test may flag a byte after a space too: that only costs the slow
        // path).
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let y = x ^ (ONES * 0x20);
        let spaces = y.wrapping_sub(ONES) & !y & HIGH;
        if below != 0 || spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return None;
        }
        prev_space = spaces >> 63 != 0;
        acc.push8(ascii_lower(x).to_le_bytes());
        k += 8;
    }
    // The rest byte by byte, Latin-1 letters and signs in two.
    while k < b.len() {
        let c = b[k];
        if c < 0x80 {
            if c < 0x20 || (c == b' ' && prev_space) {
                return None;
            }
            prev_space = c == b' ';
            acc.push(c.to_ascii_lowercase());
            k += 1;
            continue;
        }
        let next = b.get(k + 1).copied().unwrap_or(0);
        let ok = match c {
            0xC2 => next != 0xA0,
            0xC3 => next >= 0x9F && next != 0xB7 || next == 0x97,
            _ => false,
        };
        if !ok {
            return None;
        }
        prev_space = false;
        acc.push(c);
        acc.push(next);
        k += 2;
    }
    Some(acc.finish())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// ASCII capitals of eight bytes (little-endian in `x`) made small; other
/// bytes, non-ASCII ones included, unchanged.
#[inline]
fn ascii_lower(x: u64) -> u64 {
    let low = x & !HIGH;
    // Bytes below 0x80 cannot carry into the next one.
    let ge_a = low.wrapping_add(ONES * (0x80 - 0x41)) & HIGH;
    let gt_z = low.wrapping_add(ONES * (0x80 - 0x5B)) & HIGH;
    let upper = ge_a & !gt_z & !(x & HIGH);
    x | (upper >> 2)
}

fn slow_key(text: &str) -> u64 {
    let mut acc = Acc::default();
    let mut tmp = [0u8; 4];
    for c in normal_chars(text) {
        match c {
            '’' => acc.push(b'\''),
            c => acc.extend(c.encode_utf8(&mut tmp).as_bytes()),
        }
    }
    acc.finish()
}

/// How many words of `text` (between spaces) have a letter.
pub fn letter_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// A hash of bytes as they come: eight bytes gathered in a word, mixed
/// into the state with one multiplication.
#[derive(Default)]
struct Acc {
    h: u64,
    word: u64,
    n: u32,
}

impl Acc {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    #[inline]
    fn push(&mut self, b: u8) {
        self.word = (self.word << 8) | u64::from(b);
        self.n += 1;
        if self.n == 8 {
            self.h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
            self.word = 0;
            self.n = 0;
        }
    }

    /// Eight bytes, in order.
    #[inline]
    fn push8(&mut self, bytes: [u8; 8]) {
        if self.n == 0 {
            self.word = u64::from_be_bytes(bytes);
            self.h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
            self.word = 0;
        } else {
            self.extend(&bytes);
        }
    }

    #[inline]
    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn finish(self) -> u64 {
        let h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
        (h.rotate_left(5) ^ u64::from(self.n)).wrapping_mul(Self::K)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_key_groups_what_normalises_alike() {
        for (a, b) in [
            ("L'ÉTAT  du Québec", "l’état du québec"),
            ("À\u{a0}Paris ×2", "à paris ×2"),
            ("ÿ Œuvre", "ÿ œuvre"),
            (" The Council met today. ", "the council met today."),
            (
                "THE COUNCIL MET TODAY, 12 JUNE.",
                "the council met today, 12 june.",
            ),
            ("Le Conseil s’est réuni", "le conseil s'est réuni"),
        ] {
            assert_eq!(normalise(a), normalise(b));
            assert_eq!(normal_key(a), normal_key(b), "{a}");
            assert_eq!(normal_key(a), slow_key(b), "{a}");
            assert_ne!(normal_key(a), normal_key(&format!("{b}.")), "{a}");
        }
        // The eight-byte path and the slow path agree on every ASCII byte.
        let all: String = (0x21u8..0x7f).map(char::from).collect();
        assert_eq!(fast_key(all.as_bytes()), Some(slow_key(&all)));
        // Runs of spaces and other white space take the slow path, alike.
        for t in [
            "a  b",
            "abcdefg  hijklmn",
            "abcdefgh\tij",
            "deux  espaces é",
            "À la",
        ] {
            assert_eq!(fast_key(t.as_bytes()), None, "{t}");
            assert_eq!(normal_key(t), slow_key(&normalise(t)), "{t}");
        }
        assert_eq!(letter_words("L’État s’est réuni, 2 fois."), 4);
    }
}
