//! Title detector: the top of a page (after the header and any bulleted headline list) in, the title line,
//! the byline under it and any unbulleted headline list above it out.
//!
//! Usually the title is simply the first line left. When several short, title-like lines come first
//! (an unbulleted list of other articles' headlines, then the title), the title is the one line the page
//! itself points at: the one repeated further down (scrapes often repeat the title with the body), else the
//! one whose words are in the URL's slug, else one printed twice in a row, else the one whose words are most
//! the body's words under lines that share few of them. Without such evidence the first line is the title.

use hashbrown::HashSet;

use super::footer::is_dateline;
use super::lists::{bullet_len, is_heading, is_title_like};
use super::{bylines, Page};
use crate::document::Reason;
use crate::normalize;

/// Most lines looked at for the title.
const MAX_CANDIDATES: usize = 40;
/// With this many title-like line groups or fewer at the top (and no heading), the first is the title.
const PLAIN_TOP: usize = 3;
/// Share of a candidate's words that must be in the URL slug for the slug to pick it.
const MIN_SLUG_SHARE: f64 = 0.6;
/// Fewest unbulleted items above a title (without a heading) for them to be called a headline list.
const MIN_UNBULLETED_ITEMS: usize = 2;
/// The body must have this many distinct words for word overlap to count as evidence.
const MIN_BODY_VOCABULARY: usize = 30;
/// A title shares at least this share of its words with the body...
const MIN_TITLE_SHARE: f64 = 0.5;
/// ...and the headlines above it less than this on average.
const MAX_ITEM_SHARE: f64 = 0.25;
/// Most words a byline may have.
const MAX_BYLINE_WORDS: usize = 8;
/// Most characters a byline may have.
const MAX_BYLINE_CHARS: usize = 70;

/// Normalized words that mark a reporter's byline («كتب», «مراسلنا», "by"); an agency's or a desk's credit
/// marks one too ([`bylines::AGENCY_WORDS`]).
const BYLINE_WORDS: &[&str] = &["مراسل", "مراسلنا", "مراسلها", "مراسله", "بقلم", "كتب", "كتبت", "by"];

pub struct Top {
    /// Lines of an unbulleted headline list (and its heading) above the title.
    pub list: Vec<usize>,
    pub title: usize,
    /// A kicker over the title: part of the headline, out of the text with it.
    pub kicker: Option<usize>,
    pub byline: Option<usize>,
}

/// Find the title at or after content line `start`. `after_list` says a bulleted headline list was
/// just removed above it, in which case the first line left is the title.
pub fn detect(
    page: &Page,
    labels: &[Option<Reason>],
    start: usize,
    url: Option<&str>,
    after_list: bool,
) -> Option<Top> {
    let open = |i: usize| page.is_content(i) && labels[i].is_none();
    // «بقلم: الشيخ نزيه مطرجي» above the title: the byline, then the title. «مسقط- الرؤية» or «الخميس 26
    // جويلية 2012» above it: a credit or the page's date (they go with the others), then the title. The title is looked for from the next line with
    // words (a separator may stand between); the last such byline above it is the page's, unless one
    // stands under the title.
    let mut above = None;
    let mut from = start;
    let first = loop {
        let first = (from..page.len()).find(|&i| open(i))?;
        let (line, key, words) = (page.line(first), page.key(first), page.words[first]);
        let next = (first + 1..page.len()).find(|&i| open(i) && page.words[i] > 0);
        // A date over a headline dates the page; a date over prose is the article's title («2/ 8/ 1990م»).
        let dates = || {
            bullet_len(line).is_none()
                && (is_dateline(line, key, words) || super::footer::is_time_note(key, words))
                && next.is_some_and(|n| is_title_like(page.line(n), page.words[n]))
        };
        if bylines::credited(line, key) == Some(bylines::Credited::Person) || bylines::signs_at_end(line, words) {
            above = Some(first);
        } else if !bylines::is_credit(line, words) && !dates() {
            break first;
        }
        from = next?;
    };
    // A kicker over the headline: a short line that ends with a colon right above a title-like one
    // («الرئيس الأسد في مقابلة مع صحيفة «جمهورييت» التركية:», then the headline); the title is the line under it.
    let next_line = |i: usize| (i + 1..page.len()).find(|&j| open(j) && page.words[j] > 0);
    let headline = is_kicker(page, first).then(|| next_line(first)).flatten().filter(|&h| {
        let (line, words) = (page.line(h), page.words[h]);
        is_title_like(line, words) && !is_dateline(line, page.key(h), words)
    });
    // A column's or section's one-word name over the headline («رؤى», then «سحر الصورة وجنائزيتها», then
    // the column): the name goes with the headline, which is the title. The headline names no one, and the
    // line under it is prose or a byline: under a poem's one-word title come the poem's short lines.
    let headline = headline.or_else(|| {
        let h = next_line(first).filter(|_| is_section_name(page, first))?;
        let (line, key) = (page.line(h), page.key(h));
        let headline = page.words[h] >= 2
            && is_title_like(line, page.words[h])
            && bullet_len(line).is_none()
            && !bylines::is_name(key)
            && !bylines::is_credit(line, page.words[h])
            && bylines::credited(line, key).is_none();
        let under = next_line(h).is_none_or(|u| {
            !is_title_like(page.line(u), page.words[u]) || is_byline(page.line(u), page.key(u), page.words[u])
        });
        (headline && under).then_some(h)
    });
    let (kicker, first) = match headline {
        Some(h) => (Some(first), h),
        None => (None, first),
    };
    let lines = (first + 1..page.len()).filter(|&i| open(i));
    let heading = is_heading(page.key(first)).then_some(first);

    // Groups of title-like, unbulleted lines; a line equal to the one before joins its group.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut after = None;
    for i in heading
        .map_or(Some(first), |_| None)
        .into_iter()
        .chain(lines)
        .take(MAX_CANDIDATES)
    {
        let line = page.line(i);
        if bullet_len(line).is_some() || !is_title_like(line, page.words[i]) {
            after = Some(i);
            break;
        }
        match groups.last_mut() {
            Some(g) if page.hashes[g[0]] == page.hashes[i] => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    if groups.is_empty() {
        return None;
    }

    let t = if after_list || (heading.is_none() && groups.len() <= PLAIN_TOP) {
        0
    } else {
        choose(page, &groups, after, url, heading.is_some())
    };
    let title = groups[t][0];
    let mut list: Vec<usize> = heading.into_iter().collect();
    list.extend(groups[..t].iter().flatten());

    // The byline: the next line after the title's group (a byline may end with `:`, which no title
    // does, so it need not be among the candidates), if it looks like one.
    let next = groups
        .get(t + 1)
        .map(|g| g[0])
        .or_else(|| after.filter(|_| t + 1 == groups.len()));
    // A date line may stand between them («17/04/2012», then «هفال زاخويي»); what stands under it is a
    // byline if it names someone, not a paper's or an agency's credit («(الشروق)», «كتب محرر الشؤون
    // الرياضية:»), which the date line's own rules read.
    let dated = next.is_some_and(|n| is_dateline(page.line(n), page.key(n), page.words[n]));
    let next = match dated {
        true => next.and_then(next_line).filter(|&n| {
            let (line, key) = (page.line(n), page.key(n));
            let agency = key.split(' ').any(|w| bylines::AGENCY_WORDS.contains(&w));
            match bylines::credited(line, key) {
                Some(credited) => credited == bylines::Credited::Person,
                None => !agency && !bylines::is_credit(line, page.words[n]),
            }
        }),
        false => next,
    };
    // Letters or a number alone («س» opening a question, «-1-»), or one word («الــوقـــت», a column's or a
    // paper's name; a menu's «Health»), read as a byline, so that they are no title, but they credit no
    // one; an agency's initials or name do («و م ع», «(ا.ف.ب)», «رويترز»), and so does a word in brackets
    // (a writer's pen name, «(زائر)»).
    let letters = |b: usize| {
        (page.words[b] == 1 && !page.line(b).trim_start().starts_with('(')
            || page
                .key(b)
                .split(' ')
                .all(|w| w.chars().count() < 2 || w.chars().all(|c| c.is_ascii_digit())))
            && !bylines::is_credit(page.line(b), page.words[b])
    };
    let byline = next
        .filter(|&b| bullet_len(page.line(b)).is_none() && is_byline(page.line(b), page.key(b), page.words[b]))
        .filter(|&b| !letters(b))
        .filter(|&b| bylines::is_name(page.key(b)) || !echoes(page, title, b))
        .map(|b| name_under(page, b, next_line(b)).unwrap_or(b))
        .or(above);
    // A kicker heads the first line only: with a list between, it was the list's.
    let kicker = kicker.filter(|_| t == 0);
    Some(Top {
        list,
        title,
        kicker,
        byline,
    })
}

/// Whether every word of line `b` is a word of the title: a subtitle that repeats part of the headline
/// («الاستفتاءات..حقوق الوالدين», then «حقوق الوالدين»), no one's name.
fn echoes(page: &Page, title: usize, b: usize) -> bool {
    let title: HashSet<&str> = page.key(title).split(' ').collect();
    page.key(b)
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| title.contains(w))
}

/// A name right under (`next`) what was taken for the byline when that is one or two words that name no one and
/// credit nothing: a credit verb alone («بقلم/», then «طاهر مهيوب الفائشي») or a column's name («مفازات»,
/// then «ناصر البهدير»).
fn name_under(page: &Page, b: usize, next: Option<usize>) -> Option<usize> {
    if page.words[b] > 2 || bylines::is_name(page.key(b)) || bylines::is_credit(page.line(b), page.words[b]) {
        return None;
    }
    next.filter(|&n| page.words[n] <= 5 && bylines::is_name(page.key(n)))
}

/// Most words of a kicker over a headline.
const MAX_KICKER_WORDS: usize = 15;

/// Whether line `i` reads as a kicker: three to 15 words ending with a colon, not bulleted, not a list's
/// heading («اقرأ أيضا:»), not a byline or a dateline («القاهرة – مكتب الجزيرة – ياسين عبد العليم:»).
fn is_kicker(page: &Page, i: usize) -> bool {
    let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
    line.trim_end().ends_with([':', '：'])
        && (3..=MAX_KICKER_WORDS).contains(&words)
        && bullet_len(line).is_none()
        && !is_heading(key)
        && !is_byline(line, key, words)
        && bylines::credited(line, key).is_none()
}

/// Whether line `i` is a column's or section's name: one word of letters, not a list's heading, not a
/// label that introduces what follows («المكونات:»), not a byline or a credit.
fn is_section_name(page: &Page, i: usize) -> bool {
    let (line, key) = (page.line(i), page.key(i));
    page.words[i] == 1
        && key.chars().count() >= 2
        && key.chars().all(char::is_alphabetic)
        && !line.trim_end().ends_with([':', '：'])
        && bullet_len(line).is_none()
        && !is_heading(key)
        && !bylines::is_credit(line, 1)
        && bylines::credited(line, key).is_none()
}

/// Whether the page itself points at line `t` as its title: it is printed again further down (scrapes
/// repeat the title with the body), or twice in a row, or the URL's slug names it. A line that reads as a
/// byline or a dateline, or a sentence, is never a title on such evidence alone.
pub fn has_evidence(page: &Page, t: usize, url: Option<&str>) -> bool {
    let line = page.line(t);
    if is_byline(line, page.key(t), page.words[t]) || !is_title_like(line, page.words[t]) {
        return false;
    }
    let again = (t + 1..page.len()).any(|j| page.is_content(j) && page.hashes[j] == page.hashes[t]);
    again || url.and_then(|u| by_slug(page, &[vec![t]], u)).is_some()
}

/// Pick the title's group among several title-like groups at the top of a page. Picking any group but
/// the first calls the groups above it a headline list, so each rule needs evidence, and at least
/// `MIN_UNBULLETED_ITEMS` items above (one under a heading).
fn choose(page: &Page, groups: &[Vec<usize>], after: Option<usize>, url: Option<&str>, heading: bool) -> usize {
    let min = if heading { 1 } else { MIN_UNBULLETED_ITEMS };
    let body: Vec<usize> = after.map_or_else(Vec::new, |a| (a..page.len()).filter(|&i| page.is_content(i)).collect());

    // 1. The first group repeated further down the page (scrapes repeat the title with the body).
    let later: HashSet<u64> = body.iter().map(|&i| page.hashes[i]).collect();
    let repeated = groups.iter().position(|g| {
        let i = g[0];
        later.contains(&page.hashes[i]) && !is_byline(page.line(i), page.key(i), page.words[i])
    });
    if let Some(t) = repeated {
        return if t >= min { t } else { fallback(page, groups, heading) };
    }
    // 2. Named by the URL's slug.
    if let Some(t) = url.and_then(|u| by_slug(page, groups, u)).filter(|&t| t >= min) {
        return t;
    }
    // 3. Two identical lines in a row (the title printed twice).
    if let Some(t) = groups.iter().position(|g| g.len() > 1).filter(|&t| t >= min) {
        return t;
    }
    // 4. The line whose words are most the body's words, under lines that share few of them: a title
    //    speaks of its article, other articles' headlines do not.
    let vocab = super::vocabulary(page, body.iter().copied());
    if vocab.len() >= MIN_BODY_VOCABULARY {
        let shares: Vec<f64> = groups.iter().map(|g| super::share_in(page.key(g[0]), &vocab)).collect();
        let best = shares.iter().copied().fold(0.0, f64::max);
        if let Some(t) = shares.iter().position(|&s| s == best) {
            let above = &shares[..t];
            let mean = above.iter().sum::<f64>() / above.len().max(1) as f64;
            if t >= min && best >= MIN_TITLE_SHARE && mean < MAX_ITEM_SHARE {
                return t;
            }
        }
    }
    fallback(page, groups, heading)
}

/// With no evidence: the first group, or under a heading the last one that is not a byline.
fn fallback(page: &Page, groups: &[Vec<usize>], heading: bool) -> usize {
    if !heading {
        return 0;
    }
    let last = groups.len() - 1;
    let b = groups[last][0];
    if last > 1 && is_byline(page.line(b), page.key(b), page.words[b]) {
        last - 1
    } else {
        last
    }
}

/// The group whose words best match the URL's slug, if one matches well.
fn by_slug(page: &Page, groups: &[Vec<usize>], url: &str) -> Option<usize> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let slug: HashSet<String> = normalize::key(&decoded)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if slug.is_empty() {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for (n, g) in groups.iter().enumerate() {
        let words: Vec<&str> = page.key(g[0]).split(' ').filter(|w| w.chars().count() >= 2).collect();
        let hits = words.iter().filter(|w| slug.contains(**w)).count();
        if hits < 2 {
            continue;
        }
        let share = hits as f64 / words.len() as f64;
        if share >= MIN_SLUG_SHARE && best.is_none_or(|(_, s)| share > s) {
            best = Some((n, share));
        }
    }
    best.map(|(n, _)| n)
}

/// Whether a line reads like a byline: short, no sentence end, and an agency or reporter marker, a
/// `name (place)` or `place: name` shape, or just a name of up to three words.
pub fn is_byline(line: &str, key: &str, words: usize) -> bool {
    if bylines::is_cjk_credit(line) {
        return true;
    }
    if words == 0 || words > MAX_BYLINE_WORDS || line.chars().count() > MAX_BYLINE_CHARS {
        return false;
    }
    if line.trim_end().ends_with(['.', '!', '؟', '?']) || bylines::has_ellipsis(line) {
        return false;
    }
    // «تاريخ النشر :23 مايو 2012», «المصدر : وكالات خارجية»: the page's date and its source credit, no byline.
    if is_dateline(line, key, words)
        || super::footer::is_source_line(line, key, words)
        || super::footer::is_time_note(key, words)
    {
        return false;
    }
    let marker = key
        .split(' ')
        .any(|w| BYLINE_WORDS.contains(&w) || bylines::AGENCY_WORDS.contains(&w))
        || key.contains("ا ف ب")
        || key.contains("د ب ا");
    let place = line.trim_end().ends_with(')') && words <= 5;
    // A colon inside the line («اجرى اللقاء : عماد الامارة»); one that ends it ends a heading («I. المحظرة
    // الموريتانية..المسار التاريخي:») unless a dateline's dashes or a credit verb come before it.
    let inner_colon = line.trim_end().trim_end_matches([':', '：']).contains([':', '：']);
    let dashed = line.contains(" – ") || line.contains(" - ") || line.contains(" ـ ");
    // A phrase with a preposition or a pronoun is a subtitle's («ميونيخ 1972: دماء في الأولمبياد»), not a
    // place and a name («الطائف: سلطان الحارثي»; «من» may say where from).
    let phrase = || key.split(' ').any(|w| w != "من" && bylines::is_function_word(w));
    let separated = words <= 5 && (inner_colon || dashed) && !phrase();
    // «القاهرة – مكتب الجزيرة – ياسين عبد العليم:», «ريو دي جانيرو ـ الفرنسية:»: a dateline ends with a colon.
    let dateline = line.trim_end().ends_with(':') && (dashed || line.contains('-'));
    // «عبدالعزيز الفكي من الدمام», «حمد بن محمد الشدادي»: a name from a place, a name with «بن».
    let name = words <= 5 && (key.split(' ').any(|w| w == "بن") || bylines::is_from_place(key));
    // Three words or fewer that read as a name, or with no function word, possessive pronoun or preposition
    // glued to «ال», not all with «ال»: a name («عبدالعزيز قاسم», «علي بالحاج»), not a phrase («الدبلوماسية في
    // الإسلام», «سحر الصورة وجنائزيتها», «إرشادات صحية للصائمين») nor an episode («الحلقة الرابعة»).
    let short = words <= 3
        && !bylines::quoted(line)
        && (bylines::is_name(key)
            || (!key
                .split(' ')
                .any(|w| bylines::is_function_word(w) || bylines::has_pronoun(w) || has_preposition_and_article(w))
                && (words < 2 || !key.split(' ').all(|w| w.starts_with("ال")))));
    marker || place || separated || dateline || name || short || bylines::is_credit(line, words)
}

/// Whether a normalized word is a preposition glued to «ال» («بالصيام», «للصائمين», «كالعاده»), which no
/// name is.
fn has_preposition_and_article(word: &str) -> bool {
    word.chars().count() >= 5 && ["بال", "لل", "كال"].iter().any(|p| word.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_normalized() {
        crate::detect::tests::assert_normalized("BYLINE_WORDS", BYLINE_WORDS);
    }

    use crate::fingerprint::word_count;
    use crate::normalize::key;

    #[test]
    fn bylines() {
        let cases = [
            ("أنباء آسيا الوسطى والقوقاز – وكالات", true),
            ("إبراهيم الركيان (بريدة)", true),
            ("الطائف: سلطان الحارثي", true),
            ("لندن: «الشرق الأوسط»", true),
            ("«الاقتصادية» من الرياض", true),
            ("الوئام - رويترز:", true),
            ("عبدالعزيز قاسم", true),
            ("سحر الصورة وجنائزيتها", false),
            // A subtitle with a preposition after its colon; a column's name opening with «بلا».
            ("ميونيخ 1972: دماء في الأولمبياد", false),
            ("بلا قيود", false),
            ("عبدالعزيز الفكي من الدمام", true),
            // Someone from a place, the name in the lexicon or not; a caption's «جانب من …» is no one.
            ("إدوارد لوس من واشنطن", true),
            ("نداء أبو علي من الرياض", true),
            ("جانب من التدريبات", false),
            ("أحمد بن حشر.. متفائل", false),
            ("إرشادات صحية للصائمين", false),
            ("علي بالحاج", true),
            ("واس - الرياض", true),
            ("القاهرة – مكتب الجزيرة – ياسين عبد العليم:", true),
            ("عبدالعزيز الفكي من الدمام", true),
            ("حمد بن محمد الشدادي", true),
            ("أوزبكستان وقرغيزستان تبدآن تعاوناً عسكرياً لحفظ الأمن الإقليمي", false),
            (
                "العراق يعزز قدراته الكهربائية باتفاقية جديدة لاستيراد الغاز من تركمانستان",
                false,
            ),
            ("وكان مؤتمر لتخطيط المدن انعقد في سنغافورة.", false),
            ("تاريخ النشر :23 مايو 2012", false),
            ("المصدر : وكالات خارجية", false),
            ("الدبلوماسية في الإسلام", false),
            // An episode's number; a credit of a paper and a city stays one.
            ("الحلقة الرابعة", false),
            ("اليوم- الدمام", true),
            // A paper's quoted name credits with a place or a separator, not inside a subtitle.
            ("استعرضت تجربة دار «الفراشة»", false),
            ("«اختفاء».. على خطـى أحبّة راحلين", false),
            // A colon that ends a line ends a heading, unless a credit's dash comes before it; a quote mark
            // is no part of a name.
            ("I. المحظرة الموريتانية..المسار التاريخي:", false),
            ("ريو دي جانيرو ـ الفرنسية:", true),
            ("هلال المليارات\"", false),
        ];
        for (line, want) in cases {
            let k = key(line);
            assert_eq!(is_byline(line, &k, word_count(&k)), want, "{line:?}");
        }
    }
}
