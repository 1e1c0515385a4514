//! Headline-list detector: a page's lines in, the runs that list *other* articles' headlines out.
//!
//! A headline list is a run of short, title-like lines — bulleted (`-`, `•`, `*`, `·`, `–`, `◄`, `1.`,
//! `1-`, ...) or, under a heading such as «اقرأ أيضاً», not — at the top of the page (before the title)
//! or at its bottom (after the body). A list inside the article is different: its items are sentences,
//! or it sits between paragraphs, or (at the bottom, without a heading) its words are the article's own.
//! At the bottom, unbulleted lines without a heading stay (poems end many articles).

use super::{Page, WordSet};
use crate::document::Reason;
use crate::normalize;

/// Most words a headline may have.
pub const MAX_TITLE_WORDS: usize = 24;
/// Most characters a headline may have.
const MAX_TITLE_CHARS: usize = 200;
/// Fewest items of a bulleted list with no heading.
const MIN_ITEMS: usize = 2;
/// Fewest items of a bulleted list with no heading at the bottom of a page.
const MIN_BOTTOM_ITEMS: usize = 3;
/// A subheading between two lists has at most this many words.
const MAX_SUBHEADING_WORDS: usize = 4;
/// At the bottom, with no heading: the largest share of an item's words that may also occur in the rest
/// of the page. Headlines of other articles share few words with this one; an article's own list shares many.
const MAX_BOTTOM_OVERLAP: f64 = 0.5;
/// A bottom list needs at least this many words of article above it: a page that is all list is an article.
const MIN_ARTICLE_WORDS: usize = 30;
/// Longest run scanned for an unbulleted list under a heading.
const MAX_RUN: usize = 60;

/// Normalized headings that introduce a list of other articles.
const HEADINGS: &[&str] = &[
    "اقرا ايضا",
    "اقرا ايضا في",
    "اقرا المزيد",
    "اقرا كذلك",
    "قد يهمك ايضا",
    "قد يهمك",
    "قد يعجبك ايضا",
    "قد يعجبك",
    "قد تهمك",
    "قد تهمك ايضا",
    "مواضيع قد تهمك",
    "اخبار قد تهمك",
    "مقالات قد تهمك",
    "مواضيع مشابهه",
    "اخبار مشابهه",
    "مقالات مشابهه",
    "اخبار ذات علاقه",
    "مواضيع ذات علاقه",
    "روابط ذات صله",
    "الاكثر مشاركه",
    "الاكثر تعليقا",
    "اخترنا لكم",
    "شاهد ايضا",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    "مقالات ذات صله",
    "موضوعات ذات صله",
    "ذات صله",
    "اخبار متعلقه",
    "مواضيع متعلقه",
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "الاكثر تداولا",
    "اخترنا لك",
    "المزيد من الاخبار",
    "اخر الاخبار",
    "احدث الاخبار",
    "اهم الاخبار",
    "عناوين اخري",
    "اخبار اخري",
    "related",
    "related articles",
    "related news",
    "related posts",
    "read also",
    "read more",
    "also read",
    "more news",
    "more stories",
    "you may also like",
    "most read",
    "latest news",
    "see also",
    "related stories",
    "related content",
    "recommended",
    "recommended for you",
    "you might also like",
    "more on this story",
    "more on this topic",
    "further reading",
    // The same headings in other languages: what a reader of any site sees over a list of links.
    "طالع ايضا",
    "انظر ايضا",
    "تابع ايضا",
    "اخبار مرتبطه",
    "مطالب مرتبط",
    "lire aussi",
    "à lire aussi",
    "lire également",
    "voir aussi",
    "sur le même sujet",
    "articles similaires",
    "lesen sie auch",
    "mehr zum thema",
    "weitere artikel",
    "lee también",
    "leer más",
    "te puede interesar",
    "noticias relacionadas",
    "leggi anche",
    "articoli correlati",
    "leia também",
    "veja também",
    "ilgili haberler",
    "читайте также",
    "смотрите также",
    "новости по теме",
    "по теме",
    "самое читаемое",
    "другие новости",
    "czytaj także",
    "czytaj też",
    "zobacz także",
    "zobacz też",
    "polecamy",
    "διαβάστε επίσης",
    "δείτε επίσης",
    "σχετικά άρθρα",
    "σχετικά θέματα",
    "相 关 新 闻",
    "相 关 阅 读",
    "相 关 文 章",
    "相 关 链 接",
    "延 伸 阅 读",
    "推 荐 阅 读",
];

/// Normalized words that open a one-line link to another article («للمزيد: <headline>»,
/// «اقرأ أيضاً: <headline>», "Read more: <headline>"), besides the list headings.
const LINK_LEADS: &[&str] = &[
    "للمزيد",
    "المزيد",
    "انظر ايضا",
    "طالع ايضا",
    "شاهد",
    "اقرا",
    "see also",
    "more",
];
/// Most items under a heading inside the article.
const MAX_INNER_ITEMS: usize = 10;

/// Whether a line is a link to another article: a list heading or a «للمزيد» lead, a colon, then a
/// headline (or the lead alone: «...المزيد», "Read more").
pub fn is_related_link(line: &str, key: &str, words: usize) -> bool {
    // The headings and leads in one set, and the most words any of them has.
    static LEADS: std::sync::LazyLock<(hashbrown::HashSet<&str>, usize)> = std::sync::LazyLock::new(|| {
        let leads = HEADINGS.iter().chain(LINK_LEADS).copied();
        (
            leads.clone().collect(),
            leads.map(|l| l.split(' ').count()).max().unwrap_or(0),
        )
    });
    let (leads, most) = &*LEADS;
    // The longest lead the key opens with, in whole words: its first words, up to `most` of them, looked up.
    let ends = memchr::memchr_iter(b' ', key.as_bytes()).chain(std::iter::once(key.len()));
    let lead = ends.take(*most).filter(|&end| leads.contains(&key[..end])).last();
    let Some(lead) = lead else {
        return false;
    };
    if key.len() == lead {
        // The lead alone: a read-more link, or a heading (which the list rules handle).
        return !is_heading(key);
    }
    // «للمزيد: …»: the colon must follow the lead, and a headline follow the colon.
    let Some((head, rest)) = line.split_once([':', '：']) else {
        return false;
    };
    let head_key = crate::normalize::key(head);
    head_key.len() == lead && is_title_like(rest.trim(), words.saturating_sub(head_key.split(' ').count()))
}

/// Headings of other articles' lists inside the page (not at its ends): each heading with the run of
/// title-like lines under it, as `(heading, end)` with `end` one past the run.
pub fn inner_runs(page: &Page, labels: &[Option<Reason>]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let open = |i: usize| page.is_content(i) && labels[i].is_none();
    let mut i = 0;
    while i < page.len() {
        if !(open(i) && is_heading(page.key(i))) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut items = 0;
        let mut j = i + 1;
        while let Some(k) = page.next_content(j) {
            let line = page.line(k);
            let item = bullet_len(line).map_or(line, |b| &line[b..]);
            if items >= MAX_INNER_ITEMS
                || !open(k)
                || !is_title_like(item, page.words[k])
                || is_heading(page.key(k))
                || goes_on(page, k)
            {
                break;
            }
            items += 1;
            end = k + 1;
            j = k + 1;
        }
        if items >= 1 {
            runs.push((i, end));
        }
        i = end.max(i + 1);
    }
    runs
}

/// Whether content line `i` is cut mid-sentence: the next content line goes on in lower case (a paragraph
/// wrapped at a width, «…festiwal chaosu, bałaganu i» over «zaniechań ze strony rządu…»), which no headline
/// of a list does. Scripts without cases show nothing of the kind.
pub fn goes_on(page: &Page, i: usize) -> bool {
    page.next_content(i + 1).is_some_and(|n| {
        page.line(n)
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_lowercase)
    })
}

/// Byte length of the bullet at the start of `line` (with the space after it), if it has one.
pub fn bullet_len(line: &str) -> Option<usize> {
    let mut chars = line.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    match first {
        // Graphic bullets, possibly doubled (`••`); a space after them is optional.
        '•' | '·' | '◄' | '►' | '▪' | '■' | '●' | '○' | '◆' | '◇' | '▶' | '◀' | '❖' | '➤' | '→' | '⬅' =>
        {
            let end = line
                .find(|c: char| !(c == first || c.is_whitespace()))
                .unwrap_or(line.len());
            Some(end)
        }
        // Dashes (a tatweel too, «ــ ديوان»), stars: a space must follow, or `-5` would be a bullet.
        '-' | '–' | '—' | '*' | 'ـ' => {
            let after = line.find(|c: char| c != first).unwrap_or(line.len());
            let rest = &line[after..];
            let ws = rest.len() - rest.trim_start().len();
            (ws > 0).then_some(after + ws)
        }
        // `1.`, `12-`, `3)`, `٣.` with a space after.
        _ => {
            let digits = line.find(|c: char| !normalize::is_digit(c)).unwrap_or(line.len());
            let ndigits = line[..digits].chars().count();
            if ndigits == 0 || ndigits > 2 {
                return None;
            }
            let mut rest = line[digits..].chars();
            let mark = rest.next()?;
            if !matches!(mark, '.' | '-' | ')' | '–') {
                return None;
            }
            let after = digits + mark.len_utf8();
            let tail = &line[after..];
            let ws = tail.len() - tail.trim_start().len();
            (ws > 0).then_some(after + ws)
        }
    }
}

/// Whether `item` (a line without its bullet) reads like a headline rather than a sentence: short, and
/// not ending as a sentence or a clause does (a single `.`, `:`, `،`, `؛`). An ellipsis (`..`, `…`), `!`
/// and `؟` are common at the end of Arabic headlines and allowed.
pub fn is_title_like(item: &str, words: usize) -> bool {
    if words == 0 || words > MAX_TITLE_WORDS || item.chars().count() > MAX_TITLE_CHARS {
        return false;
    }
    let t = item
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '»' | '”' | ')' | '\u{200f}' | '\u{202c}'));
    // A scraper that left HTML entities in (`&#39;`, `&quot;`) has not ended a sentence.
    let t = strip_entity(t);
    if t.ends_with("..") {
        return true;
    }
    !t.ends_with(['.', ':', '،', ',', '؛', ';'])
}

/// `t` without one trailing HTML character reference (`&#39;`, `&#8220;`, `&quot;`).
fn strip_entity(t: &str) -> &str {
    if let Some(body) = t.strip_suffix(';') {
        if let Some(amp) = body.rfind('&') {
            let name = &body[amp + 1..];
            let numeric = name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_alphanumeric()));
            let named = !name.is_empty() && name.len() <= 8 && name.bytes().all(|b| b.is_ascii_alphabetic());
            if numeric || named {
                return &body[..amp];
            }
        }
    }
    t
}

/// Whether a line (by its normalized key) is a heading that introduces a list of other articles.
pub fn is_heading(key: &str) -> bool {
    static SET: WordSet = WordSet::new(|| HEADINGS.iter().copied().collect());
    SET.contains(key)
}

/// A bulleted, title-like line. A web address makes it a fact's line, no headline («* الشركة المبرمجة:
/// «نينتندو» http://www.nintendo.com» in a game's sheet).
fn is_item(page: &Page, i: usize) -> bool {
    let line = page.line(i);
    match bullet_len(line) {
        Some(b) => is_title_like(&line[b..], page.words[i]) && !line.contains("http") && !line.contains("www."),
        None => false,
    }
}

/// A headline list starting at content line `i`: an optional heading, then bulleted title-like items
/// (blank lines between them allowed). Returns the index one past the run's last line.
pub fn top_run(page: &Page, i: usize) -> Option<usize> {
    let heading = is_heading(page.key(i));
    let first = if heading { page.next_content(i + 1)? } else { i };
    let mut end = first;
    let mut items = 0;
    let mut j = first;
    while let Some(k) = page.next_content(j) {
        if !is_item(page, k) {
            break;
        }
        items += 1;
        end = k + 1;
        j = k + 1;
    }
    // A heading over unbulleted headlines: the title detector decides where they end.
    (items >= MIN_ITEMS || (heading && items >= 1)).then_some(end)
}

/// A headline list that ends the page: returns the line range `from..to` to remove.
pub fn bottom_run(page: &Page, labels: &[Option<Reason>]) -> Option<(usize, usize)> {
    // Content lines from the bottom, skipping what is already removed (footers).
    let rest: Vec<usize> = (0..page.len())
        .rev()
        .filter(|&i| page.is_content(i) && labels[i].is_none())
        .collect();
    let &last = rest.first()?;
    let item_text = |i: usize| {
        let line = page.line(i);
        bullet_len(line).map_or(line, |b| &line[b..])
    };
    let title_like = |i: usize| is_title_like(item_text(i), page.words[i]);
    // The article above a run: enough words of it, and the run's words mostly not its words.
    let foreign = |n: usize| {
        let above = &rest[n..];
        let words: usize = above.iter().map(|&i| page.words[i]).sum();
        words >= MIN_ARTICLE_WORDS && overlap(page, &rest[..n], above) <= MAX_BOTTOM_OVERLAP
    };

    // A heading over title-like lines, bulleted or not.
    for (n, &i) in rest.iter().enumerate().take(MAX_RUN) {
        if is_heading(page.key(i)) {
            return (n >= 1 && rest.len() > n + 1).then_some((i, last + 1));
        }
        if !title_like(i) {
            break;
        }
    }

    // Bulleted headlines, all with the same kind of bullet (an article's own lists mix `*` and `1.`).
    let class = bullet_class(page.line(last));
    let bulleted = rest
        .iter()
        .take_while(|&&i| is_item(page, i) && bullet_class(page.line(i)) == class)
        .count();
    // A bulleted line right above the run (another bullet, or too long for a headline) makes it the end
    // of the article's own list («ــ ديوان «زايد»» over «- همس الخلود «شعر شعبي»», …); so does a line that
    // introduces it («المصادر والمراجع:»; a related block's heading was taken above).
    // The same holds across a short subheading between two lists of the article's («قائمة التجنب» over
    // its items, then «قائمة البدائل» over the run).
    let bullet_or_intro =
        |i: usize| bullet_len(page.line(i)).is_some() || page.line(i).trim_end().ends_with([':', '：']);
    let subheading = |i: usize| page.words[i] <= MAX_SUBHEADING_WORDS && is_title_like(page.line(i), page.words[i]);
    let own_list = rest.get(bulleted).is_some_and(|&i| {
        bullet_or_intro(i)
            || (subheading(i)
                && rest
                    .get(bulleted + 1)
                    .is_some_and(|&j| bullet_class(page.line(j)) == class))
    });
    if bulleted >= MIN_BOTTOM_ITEMS && rest.len() > bulleted && !own_list && foreign(bulleted) {
        return Some((rest[bulleted - 1], last + 1));
    }
    // Unbulleted short lines at the bottom without a heading stay: they are as often a poem's verses
    // as other articles' headlines, and only the words would tell them apart.
    None
}

/// The kind of bullet a line starts with: its first character, or `#` for any number.
fn bullet_class(line: &str) -> Option<char> {
    bullet_len(line)?;
    line.chars()
        .next()
        .map(|c| if normalize::is_digit(c) { '#' } else { c })
}

/// The mean share of each item's words that occur (by light stem) in the `others` lines.
fn overlap(page: &Page, items: &[usize], others: &[usize]) -> f64 {
    let vocab = super::vocabulary(page, others.iter().copied());
    let shares: Vec<f64> = items
        .iter()
        .filter(|&&i| page.words[i] > 0)
        .map(|&i| super::share_in(page.key(i), &vocab))
        .collect();
    if shares.is_empty() {
        1.0
    } else {
        shares.iter().sum::<f64>() / shares.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_normalized() {
        crate::detect::tests::assert_normalized("HEADINGS", HEADINGS);
        crate::detect::tests::assert_normalized("LINK_LEADS", LINK_LEADS);
    }

    use crate::fingerprint::word_count;
    use crate::normalize::key;

    #[test]
    fn bullets() {
        let cases = [
            ("- خبر", Some(2)),
            ("-- خبر", Some(3)),
            ("• خبر", Some(4)),
            ("••خبر", Some(6)),
            ("* خبر", Some(2)),
            ("· خبر", Some(3)),
            ("– خبر", Some(4)),
            ("◄ خبر", Some(4)),
            ("1. خبر", Some(3)),
            ("12- خبر", Some(4)),
            ("3) خبر", Some(3)),
            ("٣. خبر", Some(4)),
            ("-5 درجات", None),
            ("2015 - عام", None),
            ("2/ 8/ 1990م", None),
            ("*خبر", None),
            ("خبر - آخر", None),
            ("", None),
        ];
        for (line, want) in cases {
            assert_eq!(bullet_len(line), want, "{line:?}");
        }
    }

    #[test]
    fn title_like() {
        let cases = [
            ("كوريا الجنوبية تخصص 3 ملايين دولار لدعم جهود مكافحة تغير المناخ في آسيا الوسطى", true),
            ("في كازاخستان.. اجتماع قمة زعماء آسيا الوسطى يوافق على ثلاث وثائق نهائية", true),
            ("«شنغهاي للتعاون»… وعالم التعددية القطبية", true),
            ("كيف تغلب عدوك!!", true),
            ("اربطوا غنمتكم..", true),
            ("هل ينجح الاتفاق؟", true),
            ("مصر تمدد حالة الطوارئ في شمال &#39;سيناء&#39;", true),
            ("واتس آب ستضيف مفتاح الإعجاب &#8220;like&#8221;", true),
            ("وقال الوزير إن الأمر انتهى;", false),
            ("يحاولون اختلاق المشاكل من العدم وهم يعلمون أن ذلك لا يجدي.", false),
            ("الحمى المخية الشوكية:", false),
            ("وتتضمن أقوى الجماعات المسلحة التي تعمل في شمال سوريا «جبهة النصرة» جناح «القاعدة» في سوريا، و«أحرار الشام» وغيرها من الفصائل المسلحة الأخرى التي تقاتل النظام والتنظيمات المتطرفة معا", false),
            ("", false),
        ];
        for (item, want) in cases {
            assert_eq!(is_title_like(item, word_count(&key(item))), want, "{item:?}");
        }
    }

    #[test]
    fn headings() {
        for h in [
            "اقرأ أيضاً",
            "اقرأ أيضاً:",
            "أخبار ذات صلة",
            "مواضيع ذات صلة :",
            "Related articles",
            "الأكثر قراءة",
            "طالع أيضا:",
            "Читайте также:",
            "Czytaj także",
            "Δείτε επίσης",
            "À lire aussi",
            "相关新闻",
        ] {
            assert!(is_heading(&key(h)), "{h:?}");
        }
        for h in ["اقرأ أيضاً ما كتبه الوزير", "أخبار", "الرياض"] {
            assert!(!is_heading(&key(h)), "{h:?}");
        }
    }

    #[test]
    fn related_links() {
        let link = |l: &str| is_related_link(l, &key(l), word_count(&key(l)));
        for l in [
            "للمزيد: وزير الصحة يفتتح مستشفى جديداً في جازان",
            "اقرأ أيضاً: ارتفاع أسعار النفط مع تراجع المخزونات",
            "Read more: Oil prices rise as stocks fall",
            "...المزيد",
        ] {
            assert!(link(l), "{l:?}");
        }
        for l in [
            "للمزيد من المعلومات يمكن زيارة موقع الوزارة على الإنترنت.",
            "اقرأ أيضاً",
            "وقال الوزير: إن المشروع سيكتمل العام المقبل.",
            "شاهد العيان قال إن الحادث وقع فجراً",
        ] {
            assert!(!link(l), "{l:?}");
        }
    }
}
