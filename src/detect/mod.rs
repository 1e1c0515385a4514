//! Detect stage: a page's lines in, a removal reason (or none) per line out, plus the fields pulled out of
//! the page (url, date, title, byline).
//!
//! Detectors run in a fixed order, each seeing what the earlier ones decided:
//! header → footer lines → headline lists at the top → title and byline → headline lists at the bottom →
//! date lines → related blocks and links inside the page → separators → bylines → a whole page's
//! furniture around its article (`page`) → repeated blocks. One
//! file per detector; this module holds the per-line facts they share. What needs the whole corpus (site
//! templates, shared paragraphs, duplicate documents) is the corpus stage's (`corpus/`).

pub mod bylines;
pub mod footer;
pub mod header;
pub mod lists;
pub mod page;
pub mod repeats;
pub mod title;

use hashbrown::HashSet;

use crate::config::CleanOptions;
use crate::document::{Evidence, Line, Reason, Span, TextKind};
use crate::fingerprint;
use crate::normalize;

/// A credit that opens the article is looked for among its first open lines: a subtitle, a caption or a
/// lead may stand above it.
const CREDIT_LINES: usize = 5;
/// On a whole page, date lines are looked for among the article block's first and last lines.
const BLOCK_DATE_LINES: usize = 3;
/// On a whole page, a copyright notice is looked for among the article block's last lines.
const BLOCK_NOTICE_LINES: usize = 6;

/// Per-line facts every detector needs, computed once: the normalized key, its hash, its word count.
pub struct Page<'a> {
    pub text: &'a str,
    pub lines: &'a [Line],
    key_buf: String,
    key_spans: Vec<Span>,
    pub hashes: Vec<u64>,
    pub words: Vec<usize>,
}

impl<'a> Page<'a> {
    pub fn new(text: &'a str, lines: &'a [Line]) -> Page<'a> {
        let mut key_buf = String::with_capacity(text.len());
        let mut key_spans = Vec::with_capacity(lines.len());
        let mut hashes = Vec::with_capacity(lines.len());
        let mut words = Vec::with_capacity(lines.len());
        for line in lines {
            let start = key_buf.len();
            normalize::key_append(line.span.of(text), &mut key_buf);
            let key = &key_buf[start..];
            hashes.push(fingerprint::key_hash(key));
            words.push(word_equivalents(key));
            key_spans.push(Span::new(start, key_buf.len()));
        }
        Page {
            text,
            lines,
            key_buf,
            key_spans,
            hashes,
            words,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line's original text, trimmed.
    pub fn line(&self, i: usize) -> &'a str {
        self.lines[i].span.of(self.text)
    }

    /// The line's normalized key.
    pub fn key(&self, i: usize) -> &str {
        self.key_spans[i].of(&self.key_buf)
    }

    /// A line with any visible text (a line of only punctuation, like `***`, is content too).
    pub fn is_content(&self, i: usize) -> bool {
        !self.lines[i].span.is_empty()
    }

    /// A page whose keys were made before ([`Prepared`]): the same as [`Page::new`] of the same text.
    fn with_keys(text: &'a str, lines: &'a [Line], keys: Keys) -> Page<'a> {
        Page {
            text,
            lines,
            key_buf: keys.buf,
            key_spans: keys.spans,
            hashes: keys.hashes,
            words: keys.words,
        }
    }

    fn into_keys(self) -> Keys {
        Keys {
            buf: self.key_buf,
            spans: self.key_spans,
            hashes: self.hashes,
            words: self.words,
        }
    }

    /// The first content line at or after `i`.
    pub fn next_content(&self, i: usize) -> Option<usize> {
        (i..self.len()).find(|&j| self.is_content(j))
    }
}

/// A key's length in words, CJK characters (each a word of the key) counting half a word each: two
/// make about one word of a language written with spaces.
pub fn word_equivalents(key: &str) -> usize {
    let (words, cjk) = words_and_cjk(key);
    words + cjk.div_ceil(2)
}

/// A word list as a set, made at first use: a line's words are looked up by hash, not compared with each
/// of the list's (lists of dozens of words, asked about every word of every short line of a whole page).
pub type WordSet = std::sync::LazyLock<hashbrown::HashSet<&'static str>>;

/// A key's words other than CJK characters, and its CJK characters (each a word of the key).
pub fn words_and_cjk(key: &str) -> (usize, usize) {
    // Lead bytes of the three-byte UTF-8 sequences of kana and CJK ideographs (U+3040 to U+9FFF). Looked
    // for in every byte without stopping early, which the compiler turns into wide instructions.
    let cjk_lead = key.bytes().fold(false, |found, b| found | (b.wrapping_sub(0xe3) < 7));
    if !cjk_lead {
        return (fingerprint::word_count(key), 0);
    }
    let (mut words, mut cjk) = (0usize, 0usize);
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        match w.chars().next() {
            Some(c) if normalize::is_cjk(c) => cjk += 1,
            _ => words += 1,
        }
    }
    (words, cjk)
}

/// Light stems of the words (three letters or more) of the given lines: what an article talks about.
pub fn vocabulary<'p>(page: &'p Page, lines: impl IntoIterator<Item = usize>) -> HashSet<&'p str> {
    lines.into_iter().flat_map(|i| content_stems(page.key(i))).collect()
}

/// The share of a key's content words whose stems are in `vocab` (0 for a key without content words).
pub fn share_in(key: &str, vocab: &HashSet<&str>) -> f64 {
    let (mut hits, mut total) = (0, 0);
    for stem in content_stems(key) {
        total += 1;
        hits += usize::from(vocab.contains(stem));
    }
    if total == 0 {
        0.0
    } else {
        hits as f64 / total as f64
    }
}

fn content_stems(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ')
        .filter(|w| w.chars().count() >= 3)
        .map(normalize::light_stem)
}

/// The normalized keys of a page's lines, as the detectors computed them (kept for the corpus stage).
#[derive(Debug, Clone, Default)]
pub struct Keys {
    buf: String,
    spans: Vec<Span>,
    pub hashes: Vec<u64>,
    pub words: Vec<usize>,
}

impl Keys {
    /// Line `i`'s normalized text. Keys rebuilt from the corpus stage's spill ([`Keys::without_text`]) have
    /// none: only the first pass, which computed them, reads them.
    pub fn key(&self, i: usize) -> &str {
        self.spans.get(i).map_or("", |s| s.of(&self.buf))
    }

    /// Keys with each line's hash and word count only (what the writing pass needs).
    pub fn without_text(hashes: Vec<u64>, words: Vec<usize>) -> Keys {
        Keys {
            buf: String::new(),
            spans: Vec::new(),
            hashes,
            words,
        }
    }
}

/// What the detectors decided about one page.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// One entry per line: why it is removed, or `None` when it stays.
    pub labels: Vec<Option<Reason>>,
    pub url: Option<Span>,
    pub date: Option<Span>,
    /// Index of the title line.
    pub title: Option<usize>,
    /// Index of the byline. It stays in the text unless `strip_byline` is set.
    pub byline: Option<usize>,
    /// Every line's normalized key.
    pub keys: Keys,
    /// Evidence for some removed lines, by line index (in line order).
    pub evidence: Vec<(usize, Evidence)>,
}

impl Decisions {
    /// Remove line `i` for `reason`, with evidence.
    pub fn remove(&mut self, i: usize, reason: Reason, evidence: Option<Evidence>) {
        self.labels[i] = Some(reason);
        if let Some(e) = evidence {
            self.note(i, e);
        }
    }

    /// Record why line `i` was removed.
    pub fn note(&mut self, i: usize, evidence: Evidence) {
        match self.evidence.binary_search_by_key(&i, |(at, _)| *at) {
            Ok(k) => self.evidence[k].1 = evidence,
            Err(k) => self.evidence.insert(k, (i, evidence)),
        }
    }
}

/// What the input says about a document besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// A JSON record's `title`: then no line is guessed to be the title, and only copies of it are removed.
    pub title: Option<&'a str>,
    /// A JSON record's `author`: a line at the top that names it is the byline.
    pub author: Option<&'a str>,
    /// What the text is ([`TextKind`]): a record's field or an extractor's article gives a title only on
    /// the page's own evidence.
    pub kind: TextKind,
    /// What reading the page computed for its detection, if anything.
    pub prepared: Option<&'a Prepared>,
}

/// What reading a page computed that its detection needs again: its lines' keys, and the page model's
/// facts ([`page::Facts`]). An HTML page read with the page model is judged by it as it is read (does it
/// find the article, or does the extractor read the page?); detection then takes both rather than
/// normalizing and reading the page a second time, when they are of the text it meets.
#[derive(Debug)]
pub struct Prepared {
    /// xxh3 of the text they were made from.
    text_hash: u64,
    keys: Keys,
    facts: page::Facts,
}

impl Prepared {
    /// What a page (of `text`) and its facts hold.
    pub fn new(text: &str, page: Page, facts: page::Facts) -> Prepared {
        Prepared {
            text_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            keys: page.into_keys(),
            facts,
        }
    }

    /// Whether they were made from this text and its lines.
    fn is_of(&self, text: &str, lines: &[Line]) -> bool {
        self.keys.spans.len() == lines.len() && self.text_hash == xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }
}

/// No detector: every line kept, with its normalized key (`--dedup-only`).
pub fn keys_only(text: &str, lines: &[Line]) -> Decisions {
    Decisions {
        labels: vec![None; lines.len()],
        keys: Page::new(text, lines).into_keys(),
        ..Decisions::default()
    }
}

/// Run every detector over one page, with what the input says about it besides the text.
pub fn detect(text: &str, lines: &[Line], options: &CleanOptions, input: &Known) -> Decisions {
    let known_title = input.title;
    let prepared = input.prepared.filter(|p| p.is_of(text, lines));
    let page = match prepared {
        Some(p) => Page::with_keys(text, lines, p.keys.clone()),
        None => Page::new(text, lines),
    };
    let mut d = Decisions {
        labels: vec![None; page.len()],
        ..Decisions::default()
    };
    let Some(mut start) = page.next_content(0) else {
        d.keys = page.into_keys();
        return d;
    };

    if let Some(h) = header::detect(&page, start) {
        d.labels[h.line] = Some(Reason::Header);
        d.url = h.url;
        d.date = Some(h.date);
        start = match page.next_content(h.line + 1) {
            Some(i) => i,
            None => {
                d.keys = page.into_keys();
                return d;
            }
        };
    }

    footer::detect(&page, &mut d.labels);

    // Top of the page: headline lists (bulleted, maybe under a heading) before the title.
    let mut after_list = false;
    while let Some(i) = page.next_content(start) {
        if d.labels[i].is_some() {
            start = i + 1;
            continue;
        }
        // With a known title the text is the article itself: a list at its top is the article's own
        // (summary points, a recipe), unless a heading says otherwise.
        let run = if known_title.is_none() || lists::is_heading(page.key(i)) {
            lists::top_run(&page, i)
        } else {
            None
        };
        match run {
            Some(end) => {
                label_content(&page, &mut d.labels, i, end, Reason::HeadlineList);
                start = end;
                after_list = true;
            }
            None => {
                start = i;
                break;
            }
        }
    }

    let url = d.url.map(|s| s.of(text));
    let known = known_title.map(|t| fingerprint::key_hash(&normalize::key(t)));
    if known.is_some() {
        // The first line left, when it is the known title, is the title printed in the text.
        let mut open = (start..page.len()).filter(|&i| page.is_content(i) && d.labels[i].is_none());
        if input.kind == TextKind::Extracted {
            // An HTML page's headline is the article's first line, as on a whole page: it stays in the
            // text, wherever the extractor left it among the lines at the article's top. The short lines the
            // extractor kept above it (a breadcrumb, a kicker, a share bar) are the page's furniture; a date
            // line there dates the page.
            // Over the article's second line of prose (a lead may stand above the headline): a copy of the
            // headline under the article is a link to it in a list of the site's articles.
            let body = (0..page.len())
                .filter(|&i| {
                    d.labels[i].is_none() && page.words[i] as f64 >= page::PROSE_WORDS && Some(page.hashes[i]) != known
                })
                .nth(1)
                .unwrap_or(page.len());
            d.title = open
                .take_while(|&i| i < body)
                .take(page::HEADLINE_REACH)
                .find(|&i| Some(page.hashes[i]) == known);
            if let Some(t) = d.title {
                let evidence = Evidence::AboveHeadline {
                    headline_line: lines[t].number,
                };
                // Short lines only: a lead may stand above the headline on the page.
                for i in 0..t {
                    if !page.is_content(i) || d.labels[i].is_some() || page.words[i] as f64 >= page::PROSE_WORDS {
                        continue;
                    }
                    if footer::is_dateline(page.line(i), page.key(i), page.words[i]) {
                        d.labels[i] = Some(Reason::Dateline);
                    } else {
                        d.remove(i, Reason::Navigation, Some(evidence.clone()));
                    }
                }
            }
        } else if let Some(i) = open.next().filter(|&i| Some(page.hashes[i]) == known) {
            d.labels[i] = Some(Reason::Title);
            d.title = Some(i);
        }
    } else if let Some(top) = title::detect(&page, &d.labels, start, url, after_list).filter(|top| {
        // A title heads a body: a page of one line (a short post, a JSONL record) is all text.
        let t = top.title;
        let body = (t + 1..page.len())
            .any(|j| page.is_content(j) && d.labels[j].is_none() && page.hashes[j] != page.hashes[t]);
        // In a record's text (JSON without a title field) a title is taken only on evidence, never because
        // a line comes first: there the first line is a dateline, a byline, a caption or the opening
        // sentence far more often than a title (3 real titles among 1,859 first lines on SaudiNewsNet).
        // A whole scraped page (a file, a WET record) opens with its title.
        let scraped = !input.kind.is_chosen() || d.date.is_some() || after_list || !top.list.is_empty();
        body && (scraped || title::has_evidence(&page, t, url))
    }) {
        // Above the title, a date line dates the page, and a name right above it, with no byline under
        // it, is the byline («دهاليز وكواليس سياسية / بتاريخ 9-9-1433 هـ / عادل البلالي», then the title).
        let name_above = top.list.last().copied().filter(|&i| {
            top.byline.is_none() && top.title == i + 1 && page.words[i] <= 4 && bylines::is_name(page.key(i))
        });
        for &i in &top.list {
            if Some(i) == name_above {
                continue;
            }
            d.labels[i] = Some(if footer::is_dateline(page.line(i), page.key(i), page.words[i]) {
                Reason::Dateline
            } else {
                Reason::HeadlineList
            });
        }
        d.labels[top.title] = Some(Reason::Title);
        if let Some(k) = top.kicker {
            d.labels[k] = Some(Reason::Title);
        }
        d.title = Some(top.title);
        d.byline = top.byline.or(name_above);
        if let Some(b) = d.byline.filter(|_| options.strip_byline) {
            d.labels[b] = Some(Reason::Byline);
        }
    }

    if let Some((from, to)) = lists::bottom_run(&page, &d.labels) {
        label_content(&page, &mut d.labels, from, to, Reason::HeadlineList);
    }

    footer::edges(&page, &mut d.labels);

    // Other articles' lists under a heading inside the page, and one-line links to other articles.
    for (heading, end) in lists::inner_runs(&page, &d.labels) {
        for i in heading..end {
            if !page.is_content(i) || d.labels[i].is_some() {
                continue;
            }
            let evidence = Evidence::Heading {
                heading_line: lines[heading].number,
            };
            d.remove(i, Reason::HeadlineList, Some(evidence));
        }
    }
    for i in 0..page.len() {
        if page.is_content(i)
            && d.labels[i].is_none()
            && lists::is_related_link(page.line(i), page.key(i), page.words[i])
        {
            d.remove(i, Reason::HeadlineList, Some(Evidence::RelatedLink));
        }
    }

    // Lines with no words: separators, stray marks, and codes of single letters («م.ع/و.أ», an editor's
    // initials).
    for i in 0..page.len() {
        // (A CJK character is a word of one character too, and no initial.)
        let initials = page.words[i] >= 2
            && page
                .key(i)
                .split(' ')
                .all(|w| w.chars().count() == 1 && !w.chars().any(normalize::is_cjk));
        if page.is_content(i) && (page.words[i] == 0 || initials) && d.labels[i].is_none() {
            d.labels[i] = Some(Reason::Separator);
        }
    }

    if d.byline.is_none() {
        if let Some((b, shape)) = bylines::detect(&page, &d.labels, d.title, input.author) {
            d.byline = Some(b);
            if options.strip_byline {
                let evidence = Evidence::Byline {
                    shape: shape.as_str().into(),
                };
                d.remove(b, Reason::Byline, Some(evidence));
            }
        }
    }

    // A whole page's text: what the detectors left outside the article block is the page's furniture.
    // (Before the repeats: a teaser of the article above it is furniture, not the copy to keep.)
    // A record that brings its title is the article's text: its lists of numbers, poems and short
    // lines are the article's own. An HTML extractor's article is judged whatever its title: what the
    // extractor kept around the article's prose (comments, lists of other articles) is the page's.
    let gate = match (input.kind, known_title) {
        (TextKind::Extracted, _) => Some(page::Gate::Extracted),
        (TextKind::WholePage, _) | (_, None) => Some(page::Gate::WholePage),
        (TextKind::Scraped | TextKind::Record, Some(_)) => None,
    };
    let mut block_headline = None;
    if let Some(gate) = gate.filter(|_| options.whole_pages) {
        let article = match prepared.map(|p| &p.facts).filter(|f| f.gate() == gate) {
            Some(facts) => facts.article(&page, &d.labels),
            None => page::detect(&page, &d.labels, gate),
        };
        if let Some(a) = article {
            block_headline = a.headline;
            let evidence = Evidence::Article {
                article_lines: [lines[a.first].number, lines[a.last].number],
                words: a.words,
            };
            // The byline stays where it stays on any page: between the headline and the end of the article.
            let top = a.headline.unwrap_or(a.first).min(a.first);
            // The page's title is its article's headline; a line taken for the title outside the block (a
            // menu's item, another article's headline) is the page's furniture, and the title is none.
            let title = a.headline.or(d.title.filter(|&t| t >= top && t <= a.last));
            if let Some(old) = d.title.filter(|&t| Some(t) != title) {
                d.labels[old] = None;
            }
            d.title = title;
            d.byline = d.byline.filter(|&b| b >= top && b <= a.last);
            // On a whole page the byline stands under the article's headline, far from the page's top where
            // the byline rules look: a credit verb's line there («By Maria Lopez, 14 March 2012»). Outside
            // the article block, it leaves the text as the byline it is, named in the record.
            if d.byline.is_none() {
                let under_headline = (top..a.first).find(|&i| {
                    page.is_content(i)
                        && d.labels[i].is_none()
                        && Some(i) != a.headline
                        && bylines::names_person(page.line(i), page.key(i), page.words[i])
                });
                if let Some(b) = under_headline {
                    d.byline = Some(b);
                    let shape = bylines::Shape::Marked.as_str().into();
                    d.remove(b, Reason::Byline, Some(Evidence::Byline { shape }));
                }
            }
            // The block's own edges: a date line or a source under its headline («Date: Tuesday Jan. 17, 2012
            // 9:34 AM ET», «2011年12月09日 20:29:49», «Πηγή: Express.gr 03/11/11-16:49»), and a date or a source
            // closing it.
            let block: Vec<usize> = (top..=a.last)
                .filter(|&i| page.is_content(i) && d.labels[i].is_none() && Some(i) != a.headline)
                .filter(|&i| lists::bullet_len(page.line(i)).is_none())
                .collect();
            let first = block.iter().take(BLOCK_DATE_LINES).map(|&i| (i, Reason::Dateline));
            let last = block.iter().rev().take(BLOCK_DATE_LINES).map(|&i| (i, Reason::Footer));
            for (i, edge) in first.chain(last) {
                let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
                if footer::is_dateline(line, key, words) {
                    d.labels[i] = Some(Reason::Dateline);
                } else if footer::is_source_line(line, key, words) {
                    d.labels[i] = Some(edge);
                }
            }
            // A copyright notice closing the block, however long («Copyright 2012 The Associated Press. All
            // rights reserved. This material may not be published…», «版权所有 …»), and what follows it there
            // (reprint terms, a comments box's notice). A `©` alone (a photo's credit) only among the last lines.
            if let Some(at) = block
                .iter()
                .rev()
                .take(BLOCK_NOTICE_LINES)
                .enumerate()
                .rposition(|(k, &i)| {
                    let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
                    footer::is_copyright_notice(line, key, words)
                        && (k < BLOCK_DATE_LINES || footer::has_copyright_phrase(key))
                })
            {
                let from = block.len() - 1 - at;
                for &i in &block[from..] {
                    d.labels[i].get_or_insert(Reason::Footer);
                }
            }
            for i in (0..page.len()).filter(|&i| i < a.first || i > a.last) {
                if page.is_content(i) && d.labels[i].is_none() && Some(i) != a.headline && Some(i) != d.byline {
                    let reason = if i < a.first {
                        Reason::Navigation
                    } else {
                        Reason::AfterArticle
                    };
                    d.remove(i, reason, Some(evidence.clone()));
                }
            }
        }
    }
    let title_hash = known.or(d.title.map(|t| page.hashes[t]));
    let mut notes = Vec::new();
    repeats::detect(
        &page,
        d.title,
        title_hash,
        &mut d.labels,
        &options.thresholds,
        &mut notes,
    );
    for (i, e) in notes {
        d.note(i, e);
    }
    // On a whole page the headline over the article block is the article's own first line, though it
    // repeats the page's `<title>` (the record's title): it stays in the text.
    if let Some(h) = block_headline.filter(|&h| d.labels[h] == Some(Reason::Title)) {
        d.labels[h] = None;
    }

    // A credit among the article's first lines (under a subtitle, a caption, a lead) or on its last: a place
    // and an agency, a desk or a paper, no person («بكين - أ ف ب» above, «خاص بـ«الشرق الأوسط»» below). After the repeats, so that a second
    // copy of the article loses its copy of the line with it. The title's rules may have taken it for the
    // byline: the line leaves the text, and the record's byline is none (it names no one).
    let open = |i: &usize| page.is_content(*i) && page.words[*i] > 0 && d.labels[*i].is_none();
    let mut edges: Vec<usize> = (0..page.len()).filter(open).take(CREDIT_LINES).collect();
    let last = (0..page.len()).rev().find(open);
    edges.extend(last.filter(|l| !edges.contains(l)));
    for (rank, &i) in edges.iter().enumerate() {
        // The last line of a page of more than one is its end («تصوير: المركز الإعلامي» under the text).
        let reason = if rank > 0 && Some(i) == last {
            Reason::Footer
        } else {
            Reason::Dateline
        };
        if bylines::is_credit(page.line(i), page.words[i]) {
            d.remove(i, reason, Some(Evidence::Credit));
        }
    }
    // A byline the title's rules took that credits no one is none: one of the credits above, or one another
    // rule removed first for what it is (an agency's initials alone, «(ا.ف.ب)», «و م ع», a separator's
    // letters).
    if d.byline
        .is_some_and(|b| bylines::is_credit(page.line(b), page.words[b]))
    {
        d.byline = None;
    }

    d.keys = page.into_keys();
    d
}

/// Label every unlabelled content line in `from..to`.
fn label_content(page: &Page, labels: &mut [Option<Reason>], from: usize, to: usize, reason: Reason) {
    for (i, label) in labels.iter_mut().enumerate().take(to).skip(from) {
        if page.is_content(i) && label.is_none() {
            *label = Some(reason);
        }
    }
}

#[cfg(test)]
mod tests;
