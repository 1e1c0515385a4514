//! Whole pages: a page's text that is a scraper's whole visible text — menus, navigation, share and comment
//! furniture and footers around one article — in, the article's block of lines out (or nothing, for a page
//! whose text is the article).
//!
//! The article is the block of consecutive lines with the most prose. Each line weighs what it shows: a line
//! of prose (at least [`PROSE_WORDS`] words, and at least [`STOP_SHARE`] of them stop words of the page's
//! script — `whatlang` tells the script, and the stop words are those the `stop-words` crate lists for the
//! languages `whatlang` knows in that script; in CJK text, where two characters make about a word, clause
//! punctuation instead of stop words) counts its words; any other line with
//! words (a menu item, a date, a share button, a headline of another article) costs [`OTHER_COST`], and a
//! record line — a short line with numbers whose shape recurs, such as each comment's «name, date, time»
//! header or each teaser's counters — costs [`RECORD_COST`], so a comment thread or a list of teasers
//! does not join the article however much prose it holds. The block is the run of lines with the
//! greatest sum. The page's headline — the first line after the page's
//! first that repeats most of its words (the first line of a scraped page is its `<title>`), else the line
//! that is the longest run of them or holds the most ([`Match`]) — anchors it: prose further from the
//! headline counts less, and prose before it a little less; and the block that starts right under the
//! headline is the article when it weighs [`ANCHOR_SHARE`] of the heaviest block or more, so a long block
//! of comments, comment rules or other articles' leads elsewhere on the page does not outweigh a short
//! article under its headline.
//!
//! It applies to an HTML extractor's article ([`Gate::Extracted`]: what the extractor kept around the prose,
//! such as comments and other articles' leads, is the page's), and to a page's text, never to a JSON
//! record that brings its title (that text is the article itself: its lists of figures and its poems'
//! short lines are its own), and for page text only when the page's shape
//! says it is a whole page: a run of at least [`MENU_RUN`] consecutive short lines (menu items, ending
//! without punctuation) outside the block, and at least [`MIN_OUTSIDE`] lines outside it making at least [`MIN_OUTSIDE_SHARE`] of the page's lines. Article text almost never has
//! that shape (4 of 20,329 SaudiNewsNet records, which bring their titles; none of the 2,000 pages-dev
//! pages and 700 Arab newspaper pages); whole pages almost always do (pages-multilang).

use hashbrown::HashMap;
use std::sync::OnceLock;

use super::lists::goes_on;
use super::Page;
use crate::document::Reason;
use crate::{fingerprint, normalize};

/// Words from which a line may be prose.
pub const PROSE_WORDS: f64 = 8.0;
/// The least share of stop words in a line of prose (a list of names or headlines has few).
pub const STOP_SHARE: f64 = 0.15;
/// Clause and sentence marks of CJK text (and the ASCII comma and full stop CJK text also uses).
const CJK_CLAUSE_MARKS: &[char] = &['，', '。', '！', '？', '；', '、', ',', '.'];
/// What a line with words that is not prose costs the block.
pub const OTHER_COST: f64 = 20.0;
/// The most one line of prose counts: a single huge line (a run of headlines glued together) cannot
/// outweigh an article.
pub const LINE_CAP: f64 = 80.0;
/// Prose `d` lines after the headline counts `1 / (1 + d / HEADLINE_DECAY)`.
pub const HEADLINE_DECAY: f64 = 100.0;
/// Prose before the headline counts this much.
pub const BEFORE_HEADLINE: f64 = 0.6;
/// The headline is kept with the block when it stands at most this many lines above it.
pub const HEADLINE_REACH: usize = 12;
/// The block under the headline (starting at most [`HEADLINE_REACH`] lines below it) is the article when
/// it weighs at least this share of the page's heaviest block: a short article under its headline, rather
/// than a longer run of comments or of other articles' leads further down.
pub const ANCHOR_SHARE: f64 = 0.4;
/// Consecutive short lines (at most [`SHORT_WORDS`] words) that make a menu.
pub const MENU_RUN: usize = 6;
pub const SHORT_WORDS: f64 = 3.0;
/// Lines outside the block, at least, for a whole page: this many, and this share of its lines.
pub const MIN_OUTSIDE: usize = 12;
pub const MIN_OUTSIDE_SHARE: f64 = 0.3;
/// Lines outside the block, at least, in an HTML extractor's article (and the same share).
pub const MIN_OUTSIDE_EXTRACTED: usize = 6;
/// What a record line ([`record_lines`]) costs the block: as much as a line of prose counts at most, so
/// a comment under its header, or a teaser over its counters, never adds to the block.
pub const RECORD_COST: f64 = LINE_CAP;
/// A record line has at most this many words, at least this many numbers, and its shape recurs at least
/// this many times on the page.
pub const RECORD_WORDS: f64 = 8.0;
pub const RECORD_NUMBERS: usize = 2;
pub const RECORD_REPEATS: usize = 3;

/// What a text must show before its lines outside the article block are taken for furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// A scraper's whole visible text: menus (a run of [`MENU_RUN`] short lines) outside the block, and
    /// at least [`MIN_OUTSIDE`] lines outside it making [`MIN_OUTSIDE_SHARE`] of the page.
    WholePage,
    /// An HTML extractor's article: the extractor dropped the header and menus already, so the block
    /// runs from the text's first line, and [`MIN_OUTSIDE_EXTRACTED`] lines below it making
    /// [`MIN_OUTSIDE_SHARE`] of the text are enough. What the extractor kept below the prose is mostly
    /// comments and other articles' headlines and leads (on the pages-multilang HTML, word F1 0.908 →
    /// 0.920).
    Extracted,
}

impl Gate {
    /// Content lines outside the article block a text must have.
    fn min_outside(self) -> usize {
        match self {
            Gate::WholePage => MIN_OUTSIDE,
            Gate::Extracted => MIN_OUTSIDE_EXTRACTED,
        }
    }
}

/// The article block of a whole page.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// First and last line (indices) of the block.
    pub first: usize,
    pub last: usize,
    /// The page's headline line, kept with the block (it may stand a few lines above it).
    pub headline: Option<usize>,
    /// Words of prose in the block.
    pub words: usize,
    /// Lines with text outside the block.
    pub outside: usize,
    /// The script most of the page is written in, when one was found.
    pub script: Option<whatlang::Script>,
}

/// A line's size in words (CJK characters count half a word each), and whether it is CJK text.
fn size(page: &Page, i: usize) -> (f64, bool) {
    let (words, cjk) = super::words_and_cjk(page.key(i));
    (words as f64 + cjk as f64 / 2.0, cjk > words)
}

/// The stop-word sets made so far, by script.
type StopSets = HashMap<whatlang::Script, Option<&'static StopSet>>;

/// A script's stop words, as hashes of their keys (already hashes: a fast hasher is enough).
type StopSet = hashbrown::HashSet<u64>;

/// The stop words of every language written in a script (`whatlang`'s languages of that script, their
/// lists from `stop-words`), normalized as line keys are, as hashes; `None` for a script without lists.
/// One union per script rather than one list per language: telling Russian from Ukrainian or Bulgarian,
/// or Polish from Czech, on a page of menus is unsure, and a line of prose holds stop words of its
/// language whichever of its neighbours that is.
fn stop_words(script: whatlang::Script) -> Option<&'static StopSet> {
    static SETS: OnceLock<std::sync::Mutex<StopSets>> = OnceLock::new();
    let sets = SETS.get_or_init(Default::default);
    let mut sets = sets.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(set) = sets.get(&script) {
        return *set;
    }
    let mut set = StopSet::new();
    for lang in script.langs() {
        let Some(words) = isolang::Language::from_639_3(lang.code())
            .and_then(|l| l.to_639_1())
            .and_then(stop_words::lookup)
        else {
            continue;
        };
        for w in words {
            let key = normalize::key(w);
            if !key.is_empty() && !key.contains(' ') {
                set.insert(fingerprint::key_hash(&key));
            }
        }
    }
    // Sets are few (one per script met) and live as long as the process.
    let set: Option<&'static StopSet> = (!set.is_empty()).then(|| &*Box::leak(Box::new(set)));
    sets.insert(script, set);
    set
}

/// The script most of a page's letters are written in (`whatlang`).
fn script(text: &str) -> Option<whatlang::Script> {
    // The middle of the page, where a whole page's article usually stands, is enough.
    let from = (text.len() / 2).saturating_sub(SAMPLE_BYTES / 2);
    let start = (0..=from).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let end = (from + SAMPLE_BYTES..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    whatlang::detect_script(&text[start..end])
}

/// Bytes of a page's text its script is told from.
const SAMPLE_BYTES: usize = 4096;

/// The first line after the first content line that repeats most of its words: the headline under the
/// `<title>` a scraped page opens with. When none does, the line that shares most with it among those
/// that are a run of its words, or hold half of them ([`Match`]; the earliest of equals).
pub fn headline(page: &Page, first: usize) -> Option<usize> {
    let title = Title::new(page.key(first))?;
    let mut line = Vec::new();
    let mut run: Option<(usize, f64)> = None;
    for i in first + 1..page.len() {
        if is_trail(page.line(i)) {
            continue;
        }
        match title.overlap(page.key(i), &mut line) {
            Some(Match::Words(_)) => return Some(i),
            Some(Match::Run(overlap) | Match::Loose(overlap)) if run.is_none_or(|(_, b)| overlap > b) => {
                run = Some((i, overlap))
            }
            _ => {}
        }
    }
    run.map(|(i, _)| i)
}

/// Whether a line is a trail of links that ends with the headline («ИА REGNUM » Новости » В Брянской области
/// ожидается…»): two separators of a trail or more, which a headline does not hold.
fn is_trail(line: &str) -> bool {
    [" » ", " > ", " › ", " → "]
        .iter()
        .map(|sep| line.matches(sep).count())
        .sum::<usize>()
        >= 2
}

/// The line after the first content line that repeats most of its words with the fewest others (the
/// earliest of equals): the headline under the `<title>`, rather than a breadcrumb that ends with it.
/// When none does, the best of the lines that are runs of the title's words or hold half of them.
pub fn best_headline(page: &Page, first: usize) -> Option<usize> {
    let title = Title::new(page.key(first))?;
    let mut line = Vec::new();
    // The best line that repeats most of the title's words, and the best of the others.
    let (mut words, mut others): (Option<(usize, f64)>, Option<(usize, f64)>) = (None, None);
    for i in first + 1..page.len() {
        let (best, overlap) = match title.overlap(page.key(i), &mut line) {
            Some(Match::Words(o)) => (&mut words, o),
            Some(Match::Run(o) | Match::Loose(o)) => (&mut others, o),
            None => continue,
        };
        if best.is_none_or(|(_, b)| overlap > b) {
            *best = Some((i, overlap));
        }
    }
    words.or(others).map(|(i, _)| i)
}

/// Whether a line (its key) repeats most of a title's words (its key) with few others, as a headline
/// does ([`best_headline`]).
pub fn is_headline_of(title: &str, key: &str) -> bool {
    Title::new(title).is_some_and(|t| matches!(t.overlap(key, &mut Vec::new()), Some(Match::Words(_))))
}

/// Whether every word of a line (its key) is one of a title's (its key): the title is the line and more,
/// such as the site's name.
pub fn within_title(title: &str, key: &str) -> bool {
    let title: Vec<&str> = units(title).collect();
    units(key).all(|w| title.contains(&w))
}

/// Words a headline that is a run of its title's words («Zdrowe, czyste zęby - nie grozi ci zapalenie
/// płuc» in «Zdrowe, czyste zęby - nie grozi ci zapalenie płuc - Profilaktyka - Zdrowie - diety, grypa,
/// … - Dziennik.pl») holds at least.
pub const HEADLINE_RUN_WORDS: usize = 4;

/// How a line matches a title ([`Title::overlap`]), and how much of both their words they share.
#[derive(Debug, Clone, Copy)]
enum Match {
    /// Most of the line's words are the title's, and it holds at least half of the title's.
    Words(f64),
    /// The line is a run of the title's words, [`HEADLINE_RUN_WORDS`] or more.
    Run(f64),
    /// The line holds half of the title's words or more, [`HEADLINE_RUN_WORDS`] at least, and a third of
    /// its own (up to twice as long as the title: a headline that says more than the `<title>`).
    Loose(f64),
}

/// A page's title, as a headline is matched against it.
struct Title<'k> {
    /// Its key (normalized words, one space apart).
    key: &'k str,
    /// Its distinct words, sorted (titles are short: a sorted list searches faster than a hash set).
    words: Vec<&'k str>,
}

impl<'k> Title<'k> {
    /// A title of two words or more.
    fn new(key: &'k str) -> Option<Self> {
        let mut words: Vec<&str> = units(key).collect();
        words.sort_unstable();
        words.dedup();
        (words.len() >= 2).then_some(Title { key, words })
    }

    /// How a line (`key`) matches the title ([`Match`]: most of its words the title's, a run of the title's
    /// words, or half of them in a longer line), with their words in common over all their distinct words;
    /// `None` when it matches in none of these ways. `line` is scratch space.
    fn overlap<'l>(&self, key: &'l str, line: &mut Vec<&'l str>) -> Option<Match> {
        let title = &self.words;
        // One pass first, with nothing allocated: a line far longer than the title, or with too few of its
        // words for any match (most lines of a page), is no headline.
        let (mut count, mut in_title) = (0, 0);
        for w in units(key) {
            count += 1;
            if count > 2 * title.len() + 3 {
                return None;
            }
            in_title += usize::from(title.binary_search(&w).is_ok());
        }
        if in_title * 2 < title.len() && in_title < HEADLINE_RUN_WORDS {
            return None;
        }
        line.clear();
        line.extend(units(key));
        line.sort_unstable();
        line.dedup();
        let shared = line.iter().filter(|w| title.binary_search(w).is_ok()).count();
        let jaccard = shared as f64 / (line.len() + title.len() - shared) as f64;
        if line.len() >= 2 && line.len() <= title.len() + 3 && shared * 2 >= line.len() && shared * 2 >= title.len() {
            return Some(Match::Words(jaccard));
        }
        // (A CJK character is half a word.)
        let least = if key.chars().any(normalize::is_cjk) {
            2 * HEADLINE_RUN_WORDS
        } else {
            HEADLINE_RUN_WORDS
        };
        if shared < least {
            return None;
        }
        if shared == line.len() && self.holds_run(key) {
            return Some(Match::Run(jaccard));
        }
        (shared * 2 >= title.len() && shared * 3 >= line.len()).then_some(Match::Loose(jaccard))
    }

    /// Whether `key` stands in the title's key as a run of whole words.
    fn holds_run(&self, key: &str) -> bool {
        let title = self.key.as_bytes();
        self.key.match_indices(key).any(|(at, _)| {
            let end = at + key.len();
            (at == 0 || title[at - 1] == b' ') && (end == title.len() || title[end] == b' ')
        })
    }
}

/// A key's words (each CJK character is one).
fn units(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ').filter(|w| !w.is_empty())
}

/// The article block of a page whose text is a whole page, or `None` when the page is not one. Lines the
/// other detectors already removed (`labels`) weigh nothing: a list of headlines is never the article.
pub fn detect(page: &Page, labels: &[Option<Reason>], gate: Gate) -> Option<Article> {
    Facts::read(page, gate)?.article(page, labels)
}

/// What the page model reads in a page before it weighs its lines, whatever the other detectors remove:
/// each line's size, the page's script, its headline, the lines that repeat a record's shape and those
/// that read as prose. Read once when an HTML page is read (to know whether the page model finds its
/// article), and kept with the document for its detection ([`super::Prepared`]).
#[derive(Debug, Clone)]
pub struct Facts {
    gate: Gate,
    content: Vec<usize>,
    sizes: Vec<(f64, bool)>,
    script: Option<whatlang::Script>,
    headline: Option<usize>,
    records: Vec<bool>,
    /// Whether each line of [`PROSE_WORDS`] or more reads as prose: clause marks in CJK text, else the
    /// share of the script's stop words (length alone for a script without a list).
    prose_like: Vec<bool>,
}

impl Facts {
    /// The facts of a page, or `None` when it cannot be a whole page (too few lines; under
    /// [`Gate::WholePage`], no run of menu items anywhere).
    pub fn read(page: &Page, gate: Gate) -> Option<Facts> {
        let content: Vec<usize> = (0..page.len()).filter(|&i| page.is_content(i)).collect();
        if content.len() < gate.min_outside() + 1 {
            return None;
        }
        let sizes: Vec<(f64, bool)> = (0..page.len()).map(|i| size(page, i)).collect();
        // No run of menu items anywhere: not a whole page (most article text stops here, cheaply).
        if gate == Gate::WholePage && longest_short_run(page, &sizes, |_| true) < MENU_RUN {
            return None;
        }
        let script = script(page.text);
        let stops = script.and_then(stop_words);
        let headline = headline(page, content[0]);
        let records = record_lines(page, &content, &sizes);
        let mut prose_like = vec![false; page.len()];
        for &i in &content {
            let (n, cjk) = sizes[i];
            if n < PROSE_WORDS || records[i] {
                continue;
            }
            prose_like[i] = if cjk {
                // CJK prose is cut by clause punctuation; a headline or a menu has none (89% of the
                // pages-multilang gold lines of 16 characters or more have some, 23% of the others).
                page.line(i).contains(CJK_CLAUSE_MARKS)
            } else {
                match stops {
                    Some(s) => {
                        // Counted until the share is reached: a line of prose gets there in its first words.
                        let total = page.words[i].max(1) as f64;
                        let mut stop = 0;
                        page.key(i).split(' ').any(|w| {
                            stop += usize::from(s.contains(&fingerprint::key_hash(w)));
                            stop as f64 / total >= STOP_SHARE
                        })
                    }
                    // A language without a list: length alone.
                    None => true,
                }
            };
        }
        Some(Facts {
            gate,
            content,
            sizes,
            script,
            headline,
            records,
            prose_like,
        })
    }

    /// The gate the facts were read under.
    pub fn gate(&self) -> Gate {
        self.gate
    }

    /// The article block, the lines the other detectors removed (`labels`) weighing nothing.
    pub fn article(&self, page: &Page, labels: &[Option<Reason>]) -> Option<Article> {
        let (content, sizes) = (&self.content, &self.sizes);
        let (gate, headline) = (self.gate, self.headline);
        let first = content[0];
        let mut weights = vec![0.0; page.len()];
        let mut prose = vec![0usize; page.len()];
        // Whether line `i` is prose that stops mid-sentence: text wrapped at a width goes on in the next line.
        let mut open_prose = vec![false; page.len()];
        // What prose on line `i` counts for, by its distance from the headline.
        let decay = |i: usize| match headline {
            Some(h) if i < h => BEFORE_HEADLINE,
            Some(h) => 1.0 / (1.0 + (i - h) as f64 / HEADLINE_DECAY),
            None => 1.0,
        };
        for &i in content {
            let (n, cjk) = sizes[i];
            if n == 0.0 || labels[i].is_some() {
                continue;
            }
            if self.records[i] {
                weights[i] = -RECORD_COST;
                continue;
            }
            if n < PROSE_WORDS {
                // A piece of a wrapped paragraph is prose however short: its end («…μεταξύ των οποίων» / «και η
                // Ελλάδα.»), a middle that goes on in lower case («…δείχνουν πως τα» / «υψηλότερα ποσοστά … στη» /
                // «Γαλλία …»), or a sentence's first word over the rest of it («Ο» / «στοματικός καρκίνος …»). A
                // short line after a finished sentence, or one that finishes none, is not.
                let line = page.line(i);
                let after_open = i > 0 && open_prose[i - 1];
                if after_open && (ends_sentence(line) || (ends_open(line) && goes_on(page, i))) {
                    weights[i] = n * weights[i - 1] / sizes[i - 1].0.min(LINE_CAP);
                    prose[i] = n.round() as usize;
                    open_prose[i] = ends_open(line);
                } else if !after_open
                    && !cjk
                    && ends_open(line)
                    && goes_on(page, i)
                    && page.next_content(i + 1).is_some_and(|n| sizes[n].0 >= PROSE_WORDS)
                {
                    weights[i] = n * decay(i);
                    prose[i] = n.round() as usize;
                } else {
                    weights[i] = -OTHER_COST;
                }
                continue;
            }
            if self.prose_like[i] {
                weights[i] = n.min(LINE_CAP) * decay(i);
                prose[i] = n.round() as usize;
                open_prose[i] = !cjk && ends_open(page.line(i));
            } else {
                weights[i] = -OTHER_COST;
            }
        }
        let (mut start, mut end) = best_block(&weights)?;
        // The block starting right under the headline, when it weighs enough against the heaviest.
        if let Some(h) = headline.filter(|&h| h + 1 < page.len()) {
            let heaviest: f64 = weights[start..=end].iter().sum();
            let under = best_block_from(&weights, h + 1, (h + HEADLINE_REACH).min(page.len() - 1));
            if let Some((s, e, _)) = under.filter(|&(_, _, sum)| sum >= ANCHOR_SHARE * heaviest) {
                (start, end) = (s, e);
            }
        }
        // The extractor dropped the page's header and menus: what it kept above the prose is the article's
        // opening (a lead, a standfirst, a date), not navigation.
        let start = match gate {
            Gate::WholePage => start,
            Gate::Extracted => first,
        };
        let outside = content.iter().filter(|&&i| i < start || i > end).count();
        let menus = match gate {
            Gate::WholePage => longest_short_run(page, sizes, |i| i < start || i > end) >= MENU_RUN,
            Gate::Extracted => true,
        };
        if !menus || outside < gate.min_outside() || (outside as f64) < MIN_OUTSIDE_SHARE * content.len() as f64 {
            return None;
        }
        Some(Article {
            first: start,
            last: end,
            headline: headline
                .filter(|&h| h < start && start - h <= HEADLINE_REACH)
                .or_else(|| headline_above(page, labels, start)),
            words: prose[start..=end].iter().sum(),
            outside,
            script: self.script,
        })
    }
}

/// Most content lines above the article block among which a headline is looked for when the page's
/// `<title>` names none (a page scraped without it): a byline, a date line or a time may stand between.
const HEADLINE_ABOVE: usize = 3;

/// The headline right over the article block of a page whose first line names none: among the
/// [`HEADLINE_ABOVE`] content lines above `start`, past the lines that credit or date the article and those
/// other detectors removed, the first title-like line of four words or more (a menu's items have fewer).
fn headline_above(page: &Page, labels: &[Option<Reason>], start: usize) -> Option<usize> {
    // A bar of links («轉寄好友｜友善列印 | 檢舉本文», «收藏本文｜») is the page's tools, passed over uncounted.
    let bar = |line: &str| {
        let line = line.trim_end();
        line.matches(['|', '｜']).count() >= 2 || line.ends_with(['|', '｜'])
    };
    let above = (0..start).rev().filter(|&i| page.is_content(i) && !bar(page.line(i)));
    for i in above.take(HEADLINE_ABOVE) {
        let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
        let dates = super::footer::is_dateline(line, key, words) || super::footer::is_time_note(key, words);
        let credits = super::bylines::names_person(line, key, words) || super::title::is_byline(line, key, words);
        // (The title rules may have taken it: it is looked at with the lines no detector removed.)
        let removed = labels[i].is_some_and(|r| r != Reason::Title);
        if removed || dates || credits {
            continue;
        }
        let headline = words >= 4 && super::lists::is_title_like(line, words) && !is_trail(line);
        return headline.then_some(i);
    }
    None
}

/// Whether a line stops where a sentence goes on: after a word, a comma or a hyphen.
fn ends_open(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '،'))
}

/// Whether a line ends a sentence.
fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '…'])
}

/// The shape of a line, whatever its names, dates and counts: in each token a run of letters is `a`, a
/// run of digits ([`normalize::is_digit`]) `0`, other marks stay; a run of plain words is one `a`. «Piter 6 Января 2012 14:05:28 0»
/// and «полна надежды 7 Января 2012 01:51:24 0» are both `a 0 a 0 0:0:0 0`.
fn skeleton(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_plain = false;
    for token in line.split_whitespace() {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let body = out.len();
        let mut prev = None;
        for c in token.chars() {
            let k = if normalize::is_digit(c) {
                '0'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            if !(prev == Some(k) && (k == 'a' || k == '0')) {
                out.push(k);
            }
            prev = Some(k);
        }
        let plain = &out[body..] == "a";
        if plain && last_plain {
            out.truncate(start);
        }
        last_plain = plain;
    }
    out
}

/// Lines of at most [`RECORD_WORDS`] words (not CJK text) whose [`skeleton`] holds at least
/// [`RECORD_NUMBERS`] numbers and recurs at least [`RECORD_REPEATS`] times on the page: a comment's header
/// (a name, a date, a time), a teaser's counters («3.86/ 21»), a dated line under each of a list's items.
fn record_lines(page: &Page, content: &[usize], sizes: &[(f64, bool)]) -> Vec<bool> {
    let mut shapes: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in content {
        let (words, cjk) = sizes[i];
        // Most short lines (menu items) hold no number: no shape to make.
        let line = page.line(i);
        if words > RECORD_WORDS
            || cjk
            || line
                .chars()
                .filter(|&c| normalize::is_digit(c))
                .nth(RECORD_NUMBERS - 1)
                .is_none()
        {
            continue;
        }
        let shape = skeleton(line);
        if shape.matches('0').count() >= RECORD_NUMBERS {
            shapes.entry(shape).or_default().push(i);
        }
    }
    let mut records = vec![false; page.len()];
    for &i in shapes.values().filter(|lines| lines.len() >= RECORD_REPEATS).flatten() {
        records[i] = true;
    }
    records
}

/// The longest run of consecutive short content lines among those `counted`: menu items, which end without
/// punctuation (a poem's short lines end with commas and full stops).
fn longest_short_run(page: &Page, sizes: &[(f64, bool)], counted: impl Fn(usize) -> bool) -> usize {
    let (mut run, mut best) = (0, 0);
    for i in (0..page.len()).filter(|&i| page.is_content(i)) {
        // A menu written on one line counts as a run of its own.
        if counted(i) && is_menu_bar(page.line(i)) {
            best = best.max(MENU_RUN);
            run = 0;
            continue;
        }
        let ends_clause = page
            .line(i)
            .ends_with(['.', ',', '،', '؛', ';', '。', '，', '!', '?', '؟', '！', '？']);
        if counted(i) && sizes[i].0 <= SHORT_WORDS && !ends_clause {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Most characters of an item of a menu written on one line.
const MENU_ITEM_CHARS: usize = 16;

/// Whether a line is a menu written on one line: [`MENU_RUN`] items or more between bars, each short
/// («新聞 | 時政 | 法治 | 地方 | 社會 | 評論 | …», "News | Sport | Business | …").
fn is_menu_bar(line: &str) -> bool {
    let items = line.split(['|', '｜']).map(str::trim);
    let mut count = 0;
    for item in items {
        if item.is_empty() || item.chars().count() > MENU_ITEM_CHARS {
            return false;
        }
        count += 1;
    }
    count >= MENU_RUN
}

/// The run of lines with the greatest positive sum among those starting in `lo..=hi`: first, last, sum.
fn best_block_from(weights: &[f64], lo: usize, hi: usize) -> Option<(usize, usize, f64)> {
    let n = weights.len();
    if lo > hi || hi >= n {
        return None;
    }
    // sum(s..=e) = suffix(s) - suffix(e + 1), where suffix(i) is the sum of weights[i..]: for each start,
    // the best end is where the suffix after it is least.
    let mut best: Option<(usize, usize, f64)> = None;
    let (mut suffix, mut least, mut least_end) = (0.0, 0.0, n - 1);
    for s in (lo..n).rev() {
        if suffix <= least {
            (least, least_end) = (suffix, s);
        }
        suffix += weights[s];
        let sum = suffix - least;
        if s <= hi && sum > 0.0 && best.is_none_or(|(_, _, b)| sum > b) {
            best = Some((s, least_end, sum));
        }
    }
    best
}

/// The run of lines with the greatest positive sum (Kadane's algorithm), first and last index.
fn best_block(weights: &[f64]) -> Option<(usize, usize)> {
    let (mut best, mut sum, mut start) = (0.0, 0.0, 0);
    let mut found = None;
    for (i, &w) in weights.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += w;
        if sum > best {
            best = sum;
            found = Some((start, i));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split;

    fn article_of(text: &str) -> Option<(Vec<String>, Article)> {
        article_behind(text, Gate::WholePage)
    }

    fn article_behind(text: &str, gate: Gate) -> Option<(Vec<String>, Article)> {
        let lines = split::lines(text);
        let page = Page::new(text, &lines);
        let a = detect(&page, &vec![None; page.len()], gate)?;
        let kept = (a.first..=a.last).map(|i| page.line(i).to_string()).collect();
        Some((kept, a))
    }

    const PROSE: &str = "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work on its foundations.";

    /// A site's menu and footer, one item a line.
    fn furniture() -> (String, String) {
        let menu = ["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact us"].join("\n");
        let footer = [
            "Share",
            "Tweet",
            "Email",
            "Related",
            "Most read",
            "About",
            "Privacy",
            "Terms",
            "Careers",
            "Advertise",
        ]
        .join("\n");
        (menu, footer)
    }

    fn whole_page() -> String {
        let (menu, footer) = furniture();
        format!("New bridge to open in spring | Daily Paper\n{menu}\nNew bridge to open in spring\n{PROSE}\nIt will carry four lanes.\n{PROSE} It was delayed by the floods of the winter.\n{footer}\n")
    }

    #[test]
    fn a_whole_page_keeps_its_article_block_and_headline() {
        let (kept, a) = article_of(&whole_page()).expect("a whole page");
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept[0].starts_with("The council") && kept[1] == "It will carry four lanes.");
        assert_eq!(a.headline, Some(8), "the headline under the title");
        assert_eq!(a.script, Some(whatlang::Script::Latin));
        assert!(a.outside >= MIN_OUTSIDE);
    }

    #[test]
    fn a_menu_on_one_line_makes_a_whole_page() {
        // The menu on one line between bars, the footer's items four a line: no run of six short lines.
        let menu = "Home | News | Sport | Business | Culture | Weather | Contact us";
        let footer = [
            "Share Tweet Email Print",
            "Related stories most read",
            "About us privacy policy",
            "Terms of use here",
        ]
        .repeat(3)
        .join("\n");
        let page = format!("New bridge to open in spring | Daily Paper\n{menu}\nNew bridge to open in spring\n{PROSE}\n{PROSE} It was delayed by the floods of the winter.\n{footer}\n");
        let (kept, _) = article_of(&page).expect("a whole page");
        assert_eq!(kept.len(), 2, "{kept:?}");
        // Without the bar's items, the same text is no whole page.
        assert!(article_of(&page.replace(menu, "Home News Sport")).is_none());
        // A line with bars whose items are long is no menu.
        assert!(!is_menu_bar(
            "The council | said on Monday that the new bridge | would open | in spring | a | b"
        ));
    }

    /// The article's lines found on a whole page whose article is `wrapped` (lines cut at a width).
    fn wrapped_article(wrapped: &[&str]) -> Vec<String> {
        let (menu, footer) = furniture();
        let wrapped = wrapped.join("\n");
        let text = format!("New bridge | Daily Paper\n{menu}\nNew bridge to open\n{wrapped}\n{footer}\nMore\nNews\n");
        let (kept, _) = article_of(&text).expect("a whole page");
        // Menu items that end no sentence and do not go on in lower case stay out.
        assert!(!kept.iter().any(|l| l == "Share"), "{kept:?}");
        kept
    }

    #[test]
    fn a_paragraph_wrapped_at_a_width_keeps_its_short_last_lines() {
        // Each paragraph cut at about 60 characters: its last piece is a few words, and ends it.
        let kept = wrapped_article(&[
            "The council said on Monday that the new bridge would open",
            "to traffic in the spring, after two years of work on its",
            "foundations and the approach roads.",
            "Engineers had to rebuild the old piers twice after the river",
            "flooded the site in the winter, which delayed the opening",
            "by a year.",
            "Local shops on both banks of the river hope for more trade",
            "once the bridge carries its four lanes of traffic and its",
            "trams at last.",
        ]);
        assert_eq!(
            kept.first().map(String::as_str),
            Some("The council said on Monday that the new bridge would open")
        );
        assert!(kept.iter().any(|l| l == "by a year."), "{kept:?}");
        assert_eq!(kept.last().map(String::as_str), Some("trams at last."));
    }

    #[test]
    fn a_wrapped_sentence_goes_on_through_its_short_middle_and_first_word() {
        // A short piece that goes on in lower case, and a sentence's first word alone on its line: both are
        // the paragraph's, so the article does not stop at them.
        let wrapped = [
            "The council said on Monday that the new bridge would open to traffic in the",
            "spring, after two years",
            "of work on its foundations and the approach roads beside the river.",
            "The",
            "engineers had to rebuild the old piers twice after the river flooded the site.",
            "Local shops on both banks of the river hope for more trade once the bridge opens.",
        ];
        let kept = wrapped_article(&wrapped);
        assert_eq!(kept.first().map(String::as_str), wrapped.first().copied());
        assert_eq!(kept.last().map(String::as_str), wrapped.last().copied());
    }

    #[test]
    fn a_short_article_under_its_headline_outweighs_a_longer_thread_further_down() {
        // Three paragraphs under the headline; twenty lines of links further down, six long comments
        // with no header to tell them by: the heavier block, but not the article.
        let (menu, footer) = furniture();
        let links: Vec<String> = (0..20).map(|k| format!("Other story {k}")).collect();
        let comment = "I drive over the old bridge every day and I think that the council should have started the work on it many years ago.";
        let text = format!(
            "Bridge delays anger drivers | Daily Paper\n{menu}\nBridge delays anger drivers\n{}\n{}\n{}\n{}\n",
            [PROSE; 3].join("\n"),
            links.join("\n"),
            [comment; 6].join("\n"),
            footer
        );
        let (kept, a) = article_of(&text).expect("a whole page");
        assert_eq!(kept, [PROSE; 3], "the block under the headline");
        assert_eq!(a.headline, Some(8));
        // Twice as many comments weigh more than the anchor lets the article's block stand against.
        let text = text.replace(comment, &format!("{comment}\n{comment}\n{comment}"));
        let (kept, _) = article_of(&text).expect("a whole page");
        assert!(kept.iter().all(|l| l == comment), "{kept:?}");
    }

    #[test]
    fn the_best_block_from_a_window_of_starts_is_the_heaviest_such_run() {
        let weights = [-20.0, 5.0, -1.0, 30.0, -20.0, -20.0, 100.0, -5.0, 8.0, -50.0, 3.0];
        for lo in 0..weights.len() {
            for hi in lo..weights.len() {
                // Every run starting in lo..=hi, summed the slow way; the first heaviest of the latest start.
                let mut best: Option<(usize, usize, f64)> = None;
                for s in (lo..=hi).rev() {
                    for e in s..weights.len() {
                        let sum: f64 = weights[s..=e].iter().sum();
                        if sum > 0.0 && best.is_none_or(|(_, _, b)| sum > b) {
                            best = Some((s, e, sum));
                        }
                    }
                }
                let found = best_block_from(&weights, lo, hi);
                assert_eq!(found.map(|(_, _, sum)| sum), best.map(|(_, _, sum)| sum), "{lo}..={hi}");
            }
        }
        assert_eq!(best_block_from(&weights, 0, 2), Some((1, 8, 97.0)));
        assert_eq!(best_block_from(&weights, 9, 9), None);
    }

    /// The headline [`headline`] finds under a page's first line (its `<title>`), as a line.
    fn headline_under(lines: &[&str]) -> Option<String> {
        let text = lines.join("\n");
        let split = split::lines(&text);
        let page = Page::new(&text, &split);
        headline(&page, 0).map(|h| page.line(h).to_string())
    }

    #[test]
    fn a_headline_is_found_under_a_title_that_says_more_or_less_than_it() {
        // The title's site and section names outweigh the headline: a run of its words.
        let title = "Zdrowe, czyste zęby - nie grozi ci zapalenie płuc - Profilaktyka - Zdrowie - diety, grypa, cukrzyca, alergie, nowotwory, psychologia - najnowsze informacje - Dziennik.pl";
        let headline = "Zdrowe, czyste zęby - nie grozi ci zapalenie płuc";
        assert_eq!(
            headline_under(&[title, "Zdrowie", "najnowsze informacje", headline, PROSE]).as_deref(),
            Some(headline)
        );
        // A run of the title's words as short as a site's name is none, and a line with most of the title's
        // words is found before any run.
        let title = "Drug costs driving residents to skip medication, study finds - The Globe and Mail";
        let headline = "Drug costs driving residents to skip medication, study finds";
        assert_eq!(
            headline_under(&[title, "The Globe and Mail", headline, PROSE]).as_deref(),
            Some(headline)
        );
        assert_eq!(headline_under(&[title, "Globe and Mail", PROSE]), None);
        // A headline that says more than the title: half the title's words, a third of its own.
        let title = "Blue Monday: Most depressing day of the year or marketing scam? | Mail Online";
        let headline = "Is Blue Monday the most depressing day of the year... or was it all a marketing scam to make us book vacations?";
        assert_eq!(
            headline_under(&[title, "News", headline, PROSE]).as_deref(),
            Some(headline)
        );
        // Only a line that repeats most of the title's words is its headline's copy.
        assert!(!is_headline_of(&normalize::key(title), &normalize::key(headline)));
        assert!(is_headline_of(
            &normalize::key(title),
            &normalize::key("Blue Monday: most depressing day of the year")
        ));
    }

    #[test]
    fn article_text_is_not_a_whole_page() {
        // Prose with a short subheading or two: no menu, nothing to find.
        let text = format!("{PROSE}\nA subheading\n{PROSE}\n{PROSE}\nAnother\n{PROSE}\n");
        assert_eq!(article_of(&text), None);
        // A menu without much outside the article is not enough either.
        let menu = ["Home", "News", "Sport", "Business", "Culture", "Weather"].join("\n");
        let text = format!("{menu}\n{}", [PROSE; 12].join("\n"));
        assert_eq!(article_of(&text), None);
    }

    #[test]
    fn an_extracted_article_loses_the_comments_the_extractor_kept() {
        // What an HTML extractor gives for a page with comments: no menu left, the article, then a comments
        // heading and commenters' names and times around short replies.
        let comments: Vec<String> = (0..5)
            .map(|k| format!("Reader{k} 6 January 2012 14:0{k}\nGreat news, thanks.\n"))
            .collect();
        let text = format!(
            "6 January 2012\n{PROSE}\n{PROSE}\n{PROSE}\nComments\n{}",
            comments.concat()
        );
        let (kept, a) = article_behind(&text, Gate::Extracted).expect("an extracted article");
        assert_eq!(
            kept,
            ["6 January 2012", PROSE, PROSE, PROSE],
            "the date above the prose stays"
        );
        assert_eq!(a.outside, 11);
        // Page text needs a page's menus for that; and prose alone is left whole.
        assert_eq!(article_behind(&text, Gate::WholePage), None);
        assert_eq!(article_behind(&[PROSE; 8].join("\n"), Gate::Extracted), None);
    }

    #[test]
    fn a_thread_of_long_comments_goes_by_its_recurring_headers() {
        // Each reader writes as much as a paragraph of the article: only the headers' recurring shape
        // (a name, a date, a time) tells the thread from the article.
        let comments: Vec<String> = ["Piter", "Anna", "Fan"]
            .iter()
            .enumerate()
            .map(|(k, name)| format!("{name} {} January 2012 1{k}:05:28 0\n{PROSE} {PROSE}\n", k + 6))
            .collect();
        let text = format!("{PROSE}\n{PROSE}\n{PROSE}\n{PROSE}\n{}", comments.concat());
        let (kept, _) = article_behind(&text, Gate::Extracted).expect("an extracted article");
        assert_eq!(kept, [PROSE; 4]);
        assert_eq!(skeleton("Anna Maria 7 January 2012 11:05:28 0"), "a 0 a 0 0:0:0 0");
        // A numbered list's items have one number each: they are the article's.
        let list: Vec<String> = (1..=4)
            .map(|k| format!("{k}. The next step\n{PROSE} {PROSE}\n"))
            .collect();
        let furniture = ["Share", "Tweet", "Email", "Related", "Print", "About"].join("\n");
        let text = format!("{PROSE}\n{}{furniture}", list.concat());
        let (kept, _) = article_behind(&text, Gate::Extracted).expect("an extracted article");
        assert_eq!(kept.len(), 9, "{kept:?}");
    }

    #[test]
    fn sizes_count_cjk_characters_as_half_words() {
        let text = "凤凰网首页\nhome page\n";
        let lines = split::lines(text);
        let page = Page::new(text, &lines);
        assert_eq!((size(&page, 0), size(&page, 1)), ((2.5, true), (2.0, false)));
    }
}
