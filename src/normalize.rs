//! Normalize stage: a paragraph's text in, its hashing key out.
//!
//! The key is what two scrapes of the same paragraph have in common: lower case, no Arabic diacritics
//! (harakat, tanween, shadda, sukun, dagger alef, Quranic marks), no tatweel, one form per letter family
//! (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ک ی → ك ي), ASCII digits for Arabic-Indic ones,
//! no punctuation (Arabic or Latin), no bidi or zero-width marks, and single spaces between words.
//! The key is only ever hashed; the output keeps the original text.

/// What one input character becomes in the key.
#[derive(Clone, Copy)]
enum Fold {
    /// Dropped without a trace (diacritics, tatweel, invisible marks).
    Drop,
    /// A word boundary (whitespace and punctuation).
    Space,
    /// Kept as this character.
    Char(char),
    /// Kept as a word of its own: a CJK ideograph or kana (scripts written without spaces, whose
    /// characters are shingled one by one).
    Alone(char),
}

#[inline]
fn fold(c: char) -> Fold {
    match c {
        'a'..='z' | '0'..='9' => Fold::Char(c),
        'A'..='Z' => Fold::Char(c.to_ascii_lowercase()),
        // Arabic letters that need no folding: the hot path for Arabic text.
        'ا' | 'ب' | 'ت'..='غ' | 'ف'..='ن' | 'ه' | 'و' | 'ي' => Fold::Char(c),
        // Harakat, tanween, shadda, sukun, maddah and hamza marks above/below, dagger alef, Quranic marks.
        '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{06d6}'..='\u{06ed}' => Fold::Drop,
        // Tatweel.
        '\u{0640}' => Fold::Drop,
        // Zero-width and bidi controls, the Arabic letter mark, soft hyphen, BOM.
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{061c}'
        | '\u{00ad}'
        | '\u{feff}' => Fold::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::Char('ا'),
        'ى' | 'ئ' | 'ی' | 'ې' => Fold::Char('ي'),
        'ة' => Fold::Char('ه'),
        'ؤ' => Fold::Char('و'),
        'ک' => Fold::Char('ك'),
        'ء' => Fold::Char('ء'),
        '\u{0660}'..='\u{0669}' | '\u{06f0}'..='\u{06f9}' => {
            Fold::Char(char::from(b'0' + digit(c).unwrap_or_default()))
        }
        c if is_cjk(c) => Fold::Alone(c),
        _ if c.is_alphanumeric() => {
            if c.is_uppercase() {
                // Lowercasing may yield several chars (rare); the first is enough for a hashing key.
                Fold::Char(c.to_lowercase().next().unwrap_or(c))
            } else {
                Fold::Char(c)
            }
        }
        // Combining marks of other scripts (accents written separately).
        '\u{0300}'..='\u{036f}' => Fold::Drop,
        // Everything else — whitespace, Arabic and Latin punctuation, quotes, bullets, symbols — separates words.
        _ => Fold::Space,
    }
}

/// A character of a script written without spaces (CJK ideographs, kana): each is a word of the key.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The value of a digit as the key reads one: ASCII, Arabic-Indic (٠–٩) or Persian (۰–۹), all keyed
/// as ASCII digits.
pub fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        '\u{06f0}'..='\u{06f9}' => Some((c as u32 - 0x06f0) as u8),
        _ => None,
    }
}

/// Whether `c` is a digit as the key reads one ([`digit`]).
pub fn is_digit(c: char) -> bool {
    digit(c).is_some()
}

/// Write the normalized key of `text` into `out` (cleared first): words joined by single spaces.
pub fn key_into(text: &str, out: &mut String) {
    out.clear();
    key_append(text, out);
}

/// Append the normalized key of `text` to `out`.
///
/// The hot path works on bytes: runs of characters the key keeps as they are (ASCII lower-case letters and
/// digits, and the two-byte characters that need no folding — Arabic letters, lower-case Greek and
/// Cyrillic, … — told by a table of flags) are copied whole; other ASCII, and every two-byte UTF-8
/// character (U+0080 to U+07FF: Latin accents, Greek, Cyrillic, Hebrew, Arabic), go through a table built
/// once from [`fold`]; every other character (CJK, …) goes through [`fold`] itself.
pub fn key_append(text: &str, out: &mut String) {
    let table = two_byte_table();
    let kept = two_byte_kept();
    let bytes = text.as_bytes();
    let start = out.len();
    let mut pending_space = false;
    let mut i = 0;
    // Start of the run of characters kept as they are.
    let mut run = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                i += 1;
                continue;
            }
        } else if (0xc2..=0xdf).contains(&b) && i + 1 < bytes.len() {
            let n = (((usize::from(b) & 0x1f) << 6) | (usize::from(bytes[i + 1]) & 0x3f)) - TWO_BYTE_FIRST;
            if kept[n] {
                i += 2;
                continue;
            }
        }
        // `run` and `i` are on char boundaries: they only ever advance by whole characters.
        flush(text, run, i, out, &mut pending_space);
        let (fold, len) = if b < 0x80 {
            (fold_ascii(b), 1)
        } else if (0xc2..=0xdf).contains(&b) && i + 1 < bytes.len() {
            let cp = ((u32::from(b) & 0x1f) << 6) | (u32::from(bytes[i + 1]) & 0x3f);
            (table[cp as usize - TWO_BYTE_FIRST], 2)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (fold(c), c.len_utf8()),
                None => (Fold::Drop, 1),
            }
        };
        i += len;
        run = i;
        match fold {
            Fold::Drop => {}
            Fold::Space => pending_space = out.len() > start,
            Fold::Char(k) => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(k);
            }
            Fold::Alone(k) => {
                if out.len() > start {
                    out.push(' ');
                }
                out.push(k);
                pending_space = true;
            }
        }
    }
    flush(text, run, bytes.len(), out, &mut pending_space);
}

/// Copy the run `text[from..to]` of characters kept as they are, after the space a word boundary left.
#[inline]
fn flush(text: &str, from: usize, to: usize, out: &mut String, pending_space: &mut bool) {
    if from < to {
        if *pending_space {
            out.push(' ');
            *pending_space = false;
        }
        out.push_str(text.get(from..to).unwrap_or_default());
    }
}

#[inline]
fn fold_ascii(b: u8) -> Fold {
    match b {
        b'a'..=b'z' | b'0'..=b'9' => Fold::Char(char::from(b)),
        b'A'..=b'Z' => Fold::Char(char::from(b.to_ascii_lowercase())),
        _ => Fold::Space,
    }
}

/// The first character UTF-8 writes in two bytes; the last is U+07FF.
const TWO_BYTE_FIRST: usize = 0x80;
const TWO_BYTE_CHARS: usize = 0x800 - TWO_BYTE_FIRST;

/// [`fold`] of every character UTF-8 writes in two bytes, U+0080 to U+07FF.
fn two_byte_table() -> &'static [Fold; TWO_BYTE_CHARS] {
    static TABLE: std::sync::OnceLock<[Fold; TWO_BYTE_CHARS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|n| char::from_u32((TWO_BYTE_FIRST + n) as u32).map_or(Fold::Space, fold)))
}

/// Which two-byte characters the key keeps as they are (their [`fold`] is themselves).
fn two_byte_kept() -> &'static [bool; TWO_BYTE_CHARS] {
    static KEPT: std::sync::OnceLock<[bool; TWO_BYTE_CHARS]> = std::sync::OnceLock::new();
    KEPT.get_or_init(|| {
        let table = two_byte_table();
        std::array::from_fn(|n| matches!(table[n], Fold::Char(k) if k as usize == TWO_BYTE_FIRST + n))
    })
}

/// The normalized key of `text`, as a new string. Convenient in tests; the pipeline reuses a buffer.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    key_into(text, &mut out);
    out
}

/// A light stem of one normalized word, for comparing vocabularies (never for hashing): common clitic
/// prefixes (و، ف، ب، ك، ل، ال and their combinations) and a few suffixes (ها، ات، ان، ين، ون، ه، ي) are cut,
/// as long as three letters remain. «بكورونا» and «كورونا», «إصابتان» and «إصابتين» meet.
pub fn light_stem(word: &str) -> &str {
    const PREFIXES: [&str; 10] = ["وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل"];
    const SUFFIXES: [&str; 7] = ["ها", "ات", "ان", "ين", "ون", "ه", "ي"];
    let letters = |s: &str| s.chars().count();
    let mut w = word;
    for p in PREFIXES {
        if let Some(rest) = w.strip_prefix(p) {
            if letters(rest) >= 3 {
                w = rest;
                break;
            }
        }
    }
    for x in SUFFIXES {
        if let Some(rest) = w.strip_suffix(x) {
            if letters(rest) >= 3 {
                w = rest;
                break;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key, character by character through [`fold`]: the definition the byte path is tested against.
    fn slow_key(text: &str) -> String {
        let mut slow = String::new();
        let mut pending = false;
        for c in text.chars() {
            match fold(c) {
                Fold::Drop => {}
                Fold::Space => pending = !slow.is_empty(),
                Fold::Char(k) => {
                    if pending {
                        slow.push(' ');
                        pending = false;
                    }
                    slow.push(k);
                }
                Fold::Alone(k) => {
                    if !slow.is_empty() {
                        slow.push(' ');
                    }
                    slow.push(k);
                    pending = true;
                }
            }
        }
        slow
    }

    #[test]
    fn cjk_characters_are_words_of_their_own() {
        assert_eq!(key("凤凰网首页"), "凤 凰 网 首 页");
        assert_eq!(key("iPhone 5发布了。"), "iphone 5 发 布 了");
        assert_eq!(key("ひらがなabc"), "ひ ら が な abc");
    }

    #[test]
    fn the_byte_runs_give_the_reference_key() {
        let alphabet: Vec<char> =
            "abcXYZ019 ,.-_\t\nاأإآبتثجحخدذرزسشصضطظعغفقكلمنهوىيةؤئءًٌٍَُِّْـ٠١٩۰۹کی\u{200f}\u{061c}éÉßЖжЁёΑαάΣςŁłİı\u{0301}\u{05d0}中،؛؟«»"
                .chars()
                .collect();
        let mut state = 7u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for prefix in ["", "x"] {
                let mut got = prefix.to_string();
                key_append(&text, &mut got);
                assert_eq!(got, format!("{prefix}{}", slow_key(&text)), "{text:?}");
            }
        }
    }

    #[test]
    fn light_stems() {
        let cases = [
            ("بكورونا", "كورونا"),
            ("اصابتان", "اصابت"),
            ("اصابتين", "اصابت"),
            ("والمعلمون", "معلم"),
            ("الداعيه", "داعي"),
            ("من", "من"),
            ("ولد", "ولد"),
            ("covid", "covid"),
        ];
        for (word, want) in cases {
            assert_eq!(light_stem(word), want, "{word}");
        }
    }

    #[test]
    fn normalization_table() {
        let cases = [
            // (input, key, what it shows)
            ("Hello,  World!", "hello world", "case, punctuation, spaces"),
            ("مُحَمَّدٌ", "محمد", "harakat, shadda, tanween"),
            ("أيضاً", "ايضا", "hamza on alef, tanween fath"),
            ("إسلام آمن ٱلله", "اسلام امن الله", "alef variants"),
            ("مستشفى", "مستشفي", "alef maqsura"),
            ("المدرسة", "المدرسه", "ta marbuta"),
            ("مسؤول شاطئ", "مسوول شاطي", "hamza on waw and ya"),
            ("جمـــيل", "جميل", "tatweel"),
            ("أولاً، ثانياً,", "اولا ثانيا", "Arabic and Latin commas"),
            ("عام ٢٠١٥ و۲۰۱۵", "عام 2015 و2015", "Arabic-Indic and extended digits"),
            ("\u{200f}نص\u{200c}مخفي\u{202b}", "نصمخفي", "bidi and zero-width marks"),
            ("«الشرق الأوسط» – وكالات", "الشرق الاوسط وكالات", "quotes and dashes"),
            ("- كوريا الجنوبية", "كوريا الجنوبيه", "bullets"),
            ("کتاب یک", "كتاب يك", "Persian kaf and ya"),
            ("   ", "", "blank"),
            ("Café ÉTÉ", "café été", "Latin accents kept, case folded"),
        ];
        for (input, want, what) in cases {
            assert_eq!(key(input), want, "{what}: {input:?}");
        }
    }

    #[test]
    fn the_byte_path_agrees_with_the_char_path() {
        // Every character UTF-8 writes in two bytes (Latin accents, Greek, Cyrillic, Hebrew, Arabic), and
        // the first ones of three, folded in a line and one at a time after a letter.
        let text: String = ('\u{0080}'..='\u{0810}').chain("aZ9 ,.«»\u{200f}é".chars()).collect();
        assert_eq!(key(&text), slow_key(&text));
        for c in '\u{0080}'..='\u{0810}' {
            let text = format!("x{c}y {c}");
            assert_eq!(key(&text), slow_key(&text), "{c:?}");
        }
    }

    #[test]
    fn two_scrapes_of_one_paragraph_share_a_key() {
        let a = "صرّح وزير الدفاع الروسي أندريه بيلاؤوسوف، اليوم الأربعاء، أن الظروف صعبةٌ.";
        let b = "صرح وزيـر الدفاع الروسي اندريه بيلاؤوسوف , اليوم الاربعاء ، ان الظروف صعبة";
        assert_eq!(key(a), key(b));
    }
}
