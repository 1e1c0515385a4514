//! Footer detector: navigation, share and copyright lines in, `footer` labels out; and lines that only date
//! the page («السبت, 05 مايو, 2012, 14:32 بتوقيت القدس», «تاريخ النشر: 24 أغسطس 2012», «15:28 ت م»), out
//! as `dateline`.
//!
//! Deliberately narrow: a line goes only when every word of it is a navigation or share word
//! («شارك», «تويتر», «طباعة», "Next", "Previous", ...) or when it is a short copyright notice. Anything
//! with a word of prose in it stays; repeated site boilerplate is the corpus stage's job.

use super::bylines;
use super::lists::bullet_len;
use super::{Page, WordSet};
use crate::document::Reason;

/// Normalized names of the social networks a page links to: navigation words, and what a call to follow names.
const NETWORKS: &[&str] = &[
    "تويتر",
    "فيسبوك",
    "واتساب",
    "تلغرام",
    "تيليجرام",
    "تليجرام",
    "انستغرام",
    "انستجرام",
    "يوتيوب",
    "twitter",
    "facebook",
    "whatsapp",
    "telegram",
    "instagram",
    "youtube",
];

/// Normalized navigation and share words (see `normalize`: no hamza on alef, ة → ه, ى → ي).
const NAV_WORDS: &[&str] = &[
    "شارك",
    "شاركها",
    "مشاركه",
    "المشاركه",
    "تويت",
    "تغريد",
    "غرد",
    "فيس",
    "بوك",
    "واتس",
    "اب",
    "لينكد",
    "ان",
    "سناب",
    "شات",
    "جوجل",
    "بلس",
    "ايميل",
    "البريد",
    "الالكتروني",
    "طباعه",
    "للطباعه",
    "اطبع",
    "ارسل",
    "ارسال",
    "صديق",
    "تكبير",
    "تصغير",
    "الخط",
    "لصديق",
    "لصديقك",
    "نسخ",
    "الرابط",
    "رابط",
    "المختصر",
    "مختصر",
    "التالي",
    "السابق",
    "المزيد",
    "الرييسيه",
    "الصفحه",
    "عوده",
    "العوده",
    "الي",
    "الاعلي",
    "حفظ",
    "تعليق",
    "تعليقات",
    "التعليقات",
    "اضف",
    "تعليقك",
    "share",
    "shares",
    "tweet",
    "linkedin",
    "pinterest",
    "reddit",
    "email",
    "print",
    "next",
    "previous",
    "prev",
    "home",
    "more",
    "back",
    "to",
    "top",
    "comments",
    "comment",
    "copy",
    "link",
    "x",
    "inshare",
    "يتبع",
    // Counters of views, reads and comments.
    "عدد",
    "المشاهدات",
    "مشاهدات",
    "مشاهده",
    "القراءات",
    "قراءات",
    "قراءه",
    "الزيارات",
    "زيارات",
    "views",
    "view",
    "reads",
];

/// Normalized words that may stand in a navigation or share line beside its navigation words, though they
/// are none themselves: what the button acts on («شارك هذا الخبر», «أرسل المقال لصديق», «نسخة للطباعة»).
/// (Arabic only: on whole English pages, "share this story" marks where the page model's article block
/// ends, and taking it sooner moved one page's block over its menu.)
const NAV_OBJECTS: &[&str] = &["هذا", "هذه", "الخبر", "المقال", "المقاله", "الموضوع", "نسخه"];

/// Normalized lines that send the reader on to the rest of the article or to another page, at the page's
/// end («للمزيد اضغط هنا», «تابع القراءة»): the article's text stops there.
const READ_ON: &[&str] = &[
    "اضغط هنا",
    "للمزيد اضغط هنا",
    "لمزيد من التفاصيل اضغط هنا",
    "تابع القراءه",
    "اكمل القراءه",
    "التفاصيل",
    "continue reading",
    "click here",
    "read the full story",
];

/// Normalized words that may fill a date line besides numbers: day and month names (Gregorian in their
/// Eastern, Levantine and Maghrebi names, Hijri; English, French, Russian, Polish, Greek, German, Spanish,
/// Italian, Portuguese; the Chinese and Japanese date characters), and the words that go with a date.
const DATE_WORDS: &[&str] = &[
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "الاول",
    "الثاني",
    "جانفي",
    "فيفري",
    "افريل",
    "ماي",
    "جوان",
    "جويليه",
    "اوت",
    "محرم",
    "صفر",
    "ربيع",
    "الاخر",
    "جمادي",
    "الاولي",
    "الاخره",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو",
    "ذي",
    "القعده",
    "الحجه",
    "يوم",
    "في",
    "نشر",
    "النشر",
    "تاريخ",
    "بتاريخ",
    "الموافق",
    "بتوقيت",
    "توقيت",
    "صباحا",
    "مساء",
    "مساءا",
    "اخر",
    "تحديث",
    "التحديث",
    "منذ",
    "ساعه",
    "الساعه",
    "دقيقه",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "am",
    "pm",
    "gmt",
    "utc",
    "published",
    "updated",
    "on",
    "at",
    "janvier",
    "fevrier",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "février",
    "août",
    "décembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    // English abbreviations and time zones.
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "est",
    "edt",
    "et",
    "pst",
    "pdt",
    "cst",
    "cet",
    "cest",
    "bst",
    "msk",
    "eet",
    "date",
    "posted",
    // Russian, Polish and Greek months as dates write them, and their days.
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
    "года",
    "г",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "опубликовано",
    "обновлено",
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
    "r",
    "poniedziałek",
    "wtorek",
    "środa",
    "czwartek",
    "piątek",
    "sobota",
    "niedziela",
    "opublikowano",
    "aktualizacja",
    "ιανουαρίου",
    "φεβρουαρίου",
    "μαρτίου",
    "απριλίου",
    "μαΐου",
    "ιουνίου",
    "ιουλίου",
    "αυγούστου",
    "σεπτεμβρίου",
    "οκτωβρίου",
    "νοεμβρίου",
    "δεκεμβρίου",
    "δευτέρα",
    "τρίτη",
    "τετάρτη",
    "πέμπτη",
    "παρασκευή",
    "σάββατο",
    "κυριακή",
    // German, Spanish, Italian and Portuguese months.
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    // Chinese and Japanese dates: year, month, day, hour, minute, second, weekday.
    "年",
    "月",
    "日",
    "时",
    "時",
    "分",
    "秒",
    "星",
    "期",
    "周",
];
/// Date lines are looked for among the page's first content lines...
const TOP_DATE_LINES: usize = 4;
/// ...and its last ones.
const BOTTOM_DATE_LINES: usize = 2;
/// Most words a date line may have.
const MAX_DATE_WORDS: usize = 16;
/// Words from which a line that closes a sentence is a paragraph of the article.
const PARAGRAPH_WORDS: usize = 12;
/// Most words of a date line that gives the date twice and the time («… يوم الإثنين 21 ربيع الأول 1433 هـ -
/// الموافق 13 فبراير 2012 م - الساعه 8:07 مساءً»), when nearly all of them are the date's...
const MAX_LONG_DATE_WORDS: usize = 24;
/// ...this share at least.
const MIN_LONG_DATE_SHARE: f64 = 0.75;
/// Least share of a date line's words that are numbers or date words...
const MIN_DATE_SHARE: f64 = 0.6;
/// ...and of one that says where and when the page was published, whose writer's and paper's names fill
/// the rest («جمال اسطيفينشر في المساء يوم 15 - 09 - 2012», "Published in The Times on 3 March 2024").
const MIN_PUBLISHED_SHARE: f64 = 0.4;
/// Normalized words that say a page was published.
const PUBLISHED_WORDS: &[&str] = &[
    "نشر",
    "published",
    "posted",
    "publie",
    "publicado",
    "pubblicato",
    "veroffentlicht",
];

/// Normalized phrases that mark a copyright line, in the languages of the date words.
const COPYRIGHT: &[&str] = &[
    "الحقوق محفوظه",
    "حقوق النشر محفوظه",
    "حقوق الطبع محفوظه",
    "all rights reserved",
    "copyright",
    "tous droits reserves",
    "все права защищены",
    "wszelkie prawa zastrzeżone",
    "με επιφύλαξη παντός δικαιώματος",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "版 权 所 有",
    "版 權 所 有",
];
/// Most words of a copyright notice closing an article (a wire service's runs to about 20).
const MAX_NOTICE_WORDS: usize = 40;

/// A contact block's codes are looked for among the page's last lines.
const CONTACT_TAIL_LINES: usize = 12;
/// Most words a footer line may have.
const MAX_WORDS: usize = 12;

pub fn detect(page: &Page, labels: &mut [Option<super::Reason>]) {
    for (i, label) in labels.iter_mut().enumerate() {
        if label.is_none() && page.is_content(i) && is_footer(page.line(i), page.key(i), page.words[i]) {
            *label = Some(Reason::Footer);
        }
    }
}

/// Label the furniture at the page's edges (run after the title is known: a page whose title is a date
/// keeps it as the title): date lines among the first and last lines; at the end, a source credit, a
/// contact line, a tag line and a credit footnote; at the top, a slider's leftovers before a dateline and a
/// writer's emails alone.
pub fn edges(page: &Page, labels: &mut [Option<super::Reason>]) {
    let content: Vec<usize> = (0..page.len()).filter(|&i| page.is_content(i)).collect();
    // The page's end: its last lines, and above them each line while it and every line under it are
    // furniture (a tag line, a short link and a comment counter under the article, in any order).
    // Short lines of numbers under a contact line carry it on («للتواصل أرسل sms إلى 88548 الاتصالات», then
    // «,636250 موبايلي, 738303 زين تبدأ بالرمز», then «188 مسافة ثم الرسالة»).
    let mut carried = vec![false; content.len()];
    for rank in content.len().saturating_sub(CONTACT_TAIL_LINES).max(1)..content.len() {
        let (above, i) = (content[rank - 1], content[rank]);
        let contact = carried[rank - 1] || is_contact_line(page.line(above), page.key(above), page.words[above]);
        carried[rank] = contact && is_code_line(page.line(i), page.key(i), page.words[i]);
    }
    let furniture = |rank: usize| {
        let i = content[rank];
        let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
        labels[i].is_some()
            || carried[rank]
            || (bullet_len(line).is_none() && is_dateline(line, key, words))
            || is_end_furniture(line, key, words)
            || is_serial(line)
    };
    let mut bottom_from = content.len().saturating_sub(BOTTOM_DATE_LINES);
    if (bottom_from..content.len()).all(furniture) {
        while bottom_from > 1 && furniture(bottom_from - 1) {
            bottom_from -= 1;
        }
    }
    // The article's last line: the last one left, above a credit on the page's last line (which goes later
    // as the page's end: «* الوحدة الاقتصادية», then «بـ«الشرق الأوسط»»).
    let mut last = content.iter().rposition(|&i| labels[i].is_none());
    if let Some(r) = last.filter(|&r| r > 0) {
        let i = content[r];
        if bylines::is_credit(page.line(i), page.words[i]) {
            last = Some(r - 1);
        }
    }
    // Whether the article has begun above each line: a paragraph, or a line that introduces what follows,
    // stands there (and no detector removed it). A date under them is the article's own: a quoted document's
    // («صدر أمس أمر ملكي فيما يلي نصه:», «بسم الله الرحمن الرحيم», «التاريخ: 9-10-1436هـ»), a list's («أرقام
    // المقبولين وتواريخ المراجعة:», «الأحد 10 شوال 1436»); it does not date the page.
    // (Only the lines where the page's date is looked for are asked.)
    let mut begun = Vec::with_capacity(TOP_DATE_LINES);
    let mut article = false;
    for &i in content.iter().take(TOP_DATE_LINES) {
        begun.push(article);
        let line = page.line(i);
        let words = page.words[i];
        let paragraph = words >= PARAGRAPH_WORDS && !super::lists::is_title_like(line, words);
        // (Not a section's label, «صحة:», nor a name over an interview, «أحمد شاكو المدفعجي الدكالي:».)
        let introduces = line.trim_end().ends_with([':', '：'])
            && words >= 3
            && !super::title::is_byline(line, page.key(i), words)
            && !bylines::is_name(page.key(i));
        article |= labels[i].is_none() && (paragraph || introduces);
    }
    for (rank, &i) in content.iter().enumerate() {
        if labels[i].is_some() {
            continue;
        }
        // A date line dates the page where the page's furniture stands: a date inside the body (a quoted
        // letter's «التاريخ: …», a reference's year) is the article's, and so is a list item.
        let top = rank < TOP_DATE_LINES;
        let bottom = rank >= bottom_from;
        let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
        if ((top && !begun[rank]) || bottom) && bullet_len(line).is_none() && is_dateline(line, key, words) {
            labels[i] = Some(Reason::Dateline);
            continue;
        }
        let after_prose = rank > 0 && !page.line(content[rank - 1]).starts_with('*');
        // A wire story's serial number under its end marker and time («//انتهى//», «11:45ت م», «0045»).
        let under_furniture = rank > 0 && labels[content[rank - 1]].is_some();
        let footnote = bottom && Some(rank) == last && is_credit_footnote(line, words);
        let footer = if bottom {
            is_end_furniture(line, key, words)
                || carried[rank]
                || (under_furniture && is_serial(line))
                || (after_prose && footnote)
        } else {
            top && (is_slider_dateline(line, key) || is_email_line(line) || is_time_note(key, words))
        };
        if footer {
            // A footnote that describes the writer is the byline's, and goes as one.
            let writer = footnote && super::bylines::describes_writer(key);
            labels[i] = Some(if writer { Reason::Byline } else { Reason::Footer });
        }
    }
}

/// Normalized words that mark a contact line («لمراسلة الكاتب: …», «للتواصل مع الكاتب ارسل رسالة SMS …»).
const CONTACT_WORDS: &[&str] = &[
    "للتواصل",
    "لمراسله",
    "للمراسله",
    "للمراسلات",
    "تواصل",
    "راسل",
    "راسلوا",
    "للاتصال",
    "الالكتروني",
    "ايميل",
    "sms",
    "تابعونا",
    "تابعنا",
    "contact",
    "email",
    "mail",
    "follow",
    "twitter",
];
/// Normalized leads of a tag line («سمات …», "Tags: …").
const TAG_LEADS: &[&str] = &[
    "سمات",
    "وسوم",
    "الوسوم",
    "كلمات مفتاحيه",
    "الكلمات المفتاحيه",
    "الكلمات الدلاليه",
    "كلمات دلاليه",
    "الكلمات الداله",
    "كلمات داله",
    "tags",
    "keywords",
    "topics",
];

/// A writer's contact at the end: an email, a handle or an SMS code with a contact word; or emails and
/// handles alone.
pub fn is_contact_line(line: &str, key: &str, words: usize) -> bool {
    if words == 0 || words > 30 {
        return false;
    }
    if is_email_line(line) {
        return true;
    }
    let handle = |t: &str| t.contains('@') || is_address(t);
    // (A line of words has a token; most have no handle, and the first token says so.)
    if line.split_whitespace().all(handle) {
        return true;
    }
    let has_handle = line.split_whitespace().any(handle) || key.split(' ').any(|w| w == "sms");
    (has_handle && key.split(' ').any(|w| CONTACT_WORDS.contains(&w))) || is_network_handle(key)
}

/// Whether a line is a network's name and the writer's handle on it, with its `@` or without: «تويتر:
/// Arfaj1», «تويتر @aljamili», "Twitter: @jdoe".
fn is_network_handle(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let handle = |w: &str| {
        w.len() >= 3
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'@')
    };
    matches!(words.as_slice(), [network, rest @ ..] if NETWORKS.contains(network)
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|w| handle(w)))
}

/// A writer's emails alone («Alsabahe2004@hotmail.com» under the byline): no web address, which an article
/// may give on a line of its own. An address a site hid from scrapers reads «[email protected]», often with
/// its script's «/* */» left beside it.
pub fn is_email_line(line: &str) -> bool {
    if !line.contains('@') && !line.contains("[email") {
        return false;
    }
    let hidden = line
        .replace('\u{a0}', " ")
        .replace("[email protected]", "@")
        .replace("/* */", "");
    let mut tokens = hidden.split_whitespace().peekable();
    tokens.peek().is_some() && tokens.all(|t| t.contains('@'))
}

/// A line that is furniture at the page's end by itself: a source credit, a label and a web address, a
/// writer's contact, a tag line, a wire service's end marker, a related heading or read-on link left alone,
/// a relative or reading time.
fn is_end_furniture(line: &str, key: &str, words: usize) -> bool {
    is_source_line(line, key, words)
        || is_article_link(key, words)
        || is_link_line(line)
        || is_contact_line(line, key, words)
        || is_tag_line(line, key, words)
        || is_end_marker(line, key)
        || is_lone_pointer(key)
        || is_time_note(key, words)
}

/// A wire service's end marker: «انتهى» between slashes or dashes («// انتهى //», «-انتهى-»). In brackets,
/// «(انتهى)» closes a quotation, and stays.
pub fn is_end_marker(line: &str, key: &str) -> bool {
    let marks = ['/', '-', '–', '_'];
    key == "انتهي" && line.trim().starts_with(marks) && line.trim().ends_with(marks)
}

/// Whether a normalized key opens with `words`, whole words, and goes on after them.
fn opens_with(key: &str, words: &str) -> bool {
    key.strip_prefix(words).is_some_and(|rest| rest.starts_with(' '))
}

/// Normalized openings of a line that gives the article's own link («رابط الخبر: …», «رابط المقال بصحيفة …»,
/// «الرابط المختصر»), whatever follows (the link, or the title again where the link was not scraped).
const ARTICLE_LINKS: &[&str] = &[
    "رابط الخبر",
    "رابط المقال",
    "رابط الموضوع",
    "الرابط المختصر",
    "رابط مختصر",
];

/// Whether a line gives the article's own link ([`ARTICLE_LINKS`]), at most 30 words.
fn is_article_link(key: &str, words: usize) -> bool {
    words <= 30 && ARTICLE_LINKS.iter().any(|l| key == *l || opens_with(key, l))
}

/// A related block's heading with nothing under it («أخبار ذات صلة», «شاهد أيضاً»: its links were not
/// scraped), or a line that sends the reader on («للمزيد اضغط هنا», «تابع القراءة»).
fn is_lone_pointer(key: &str) -> bool {
    // A call that ends with the button's words («للاطلاع على الخبر من المصدر اضغط هنا»).
    let ends_with_click = ["اضغط هنا", "انقر هنا", "click here"]
        .iter()
        .any(|c| key.strip_suffix(c).is_some_and(|r| r.ends_with(' ')))
        && key.split(' ').count() <= 12;
    super::lists::is_heading(key) || READ_ON.contains(&key) || ends_with_click
}

/// A number alone, as a wire story's serial («0045»).
fn is_serial(line: &str) -> bool {
    let t = line.trim();
    (1..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a short line holds a code or a number of two digits or more, as a contact's continuation does
/// («88591 - Stc», «تبدأ بالرمز (48) ثم مسافة ثم نص الرسالة إلى»).
fn is_code_line(line: &str, key: &str, words: usize) -> bool {
    (1..=10).contains(&words)
        && !line.trim_end().ends_with(['.', '!', '?', '؟'])
        && key
            .split(' ')
            .any(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_digit()))
}

/// A list of tags at the end: a tag lead, then short keywords.
pub fn is_tag_line(line: &str, key: &str, words: usize) -> bool {
    (2..=25).contains(&words) && !line.trim_end().ends_with('.') && TAG_LEADS.iter().any(|t| opens_with(key, t))
}

/// A footnote on the last line that credits a desk, a service or the writer («* وحدة التقارير الاقتصادية»,
/// «* خدمة «نيويورك تايمز»»): a star, a few words, no sentence.
pub fn is_credit_footnote(line: &str, words: usize) -> bool {
    let t = line.trim();
    (t.starts_with('*') || t.starts_with("(*)")) && (1..=10).contains(&words) && !t.ends_with('.')
}

/// A slider's "Next Previous" left before a short dateline at the top («Next Previous عين اليوم – الرياض»).
pub fn is_slider_dateline(line: &str, key: &str) -> bool {
    let rest = ["next previous", "previous next", "التالي السابق", "السابق التالي"]
        .iter()
        .find_map(|nav| key.strip_prefix(nav).filter(|r| r.starts_with(' ')));
    rest.is_some_and(|r| r.split(' ').filter(|w| !w.is_empty()).count() <= 6)
        && (line.contains('–') || line.contains(" - ") || line.contains('-') || line.contains('ـ'))
}

/// Normalized labels of a source credit at a page's end («المصدر: صحيفة فلسطين», "Source: Reuters").
const SOURCE_LABELS: &[&str] = &[
    "المصدر",
    "مصدر الخبر",
    "نقلا عن",
    "source",
    "sources",
    "πηγή",
    "πηγές",
    "источник",
    "источники",
    "по материалам",
    "по материалам источника",
    "źródło",
    "źródła",
    "źródło informacji",
    "quelle",
    "fuente",
    "fonte",
    "来 源",
    "來 源",
    "文 章 来 源",
    "文 章 來 源",
    "资 料 来 源",
    "資 料 來 源",
    "编 辑",
    "編 輯",
    "责 任 编 辑",
    "責 任 編 輯",
];
/// Most words of a source credit.
const MAX_SOURCE_WORDS: usize = 8;

/// Whether a line is a copyright notice of any length up to [`MAX_NOTICE_WORDS`]: a `©`, or a copyright
/// phrase. Only where an article ends: within it, «copyright» is a word like any other.
pub fn is_copyright_notice(line: &str, key: &str, words: usize) -> bool {
    words <= MAX_NOTICE_WORDS && (line.contains('©') || has_copyright_phrase(key))
}

/// Whether a line's key holds a copyright phrase («all rights reserved», «版 权 所 有», …), not just a `©`.
pub fn has_copyright_phrase(key: &str) -> bool {
    // All the phrases looked for in one pass over the key.
    static PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(COPYRIGHT).expect("a few short phrases make an automaton")
    });
    PHRASES.is_match(key)
}

/// Whether a line is a label and a web address alone («Więcej na: www.example.pl», «Адреса матеріалу:
/// http://…»): where the article came from, or where more of it is.
pub fn is_link_line(line: &str) -> bool {
    // The address is the line's last token, or that token's part after its first colon: most lines (prose)
    // end in a word, and need no more looking at.
    let Some(last) = line.split_whitespace().next_back() else {
        return false;
    };
    let linked = |t: &str| is_address(t) || is_domain(t);
    if !linked(last) && !last.split_once([':', '：']).is_some_and(|(_, t)| linked(t)) {
        return false;
    }
    let Some((head, rest)) = line.split_once([':', '：']) else {
        return false;
    };
    let mut tokens = rest.split_whitespace();
    let address = tokens.next().is_some_and(|t| is_address(t) || is_domain(t));
    // The label's words as keys count them (each CJK character one): a paragraph that gives an address
    // after a colon is no label.
    let label = crate::normalize::key(head);
    address && tokens.next().is_none() && !label.is_empty() && label.split(' ').count() <= MAX_LINK_LABEL_WORDS
}

/// Most words of a link line's label.
const MAX_LINK_LABEL_WORDS: usize = 4;

/// Whether a token is a bare domain name («crispynatural.pl», "news.mail.ru"): letters, digits and dashes in
/// two or more dot-separated parts, the last of letters only.
fn is_domain(token: &str) -> bool {
    let token = token.trim_end_matches(['.', ',', ';', ')']);
    let mut parts = 0;
    let mut last = "";
    for part in token.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        parts += 1;
        last = part;
    }
    parts >= 2 && last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether a line credits the page's source: a source label, a colon, a name; short.
pub fn is_source_line(line: &str, key: &str, words: usize) -> bool {
    if !(2..=MAX_SOURCE_WORDS).contains(&words) || line.trim_end().ends_with('.') {
        return false;
    }
    // «نقلا عن صحيفة الأهرام», «عن موقع سكاي نيوز»: a label that needs no colon.
    if ["نقلا عن", "عن موقع"].iter().any(|l| opens_with(key, l)) {
        return true;
    }
    let Some((head, rest)) = line.split_once([':', '：']) else {
        return false;
    };
    let head = crate::normalize::key(head);
    !rest.trim().is_empty() && SOURCE_LABELS.contains(&head.as_str()) && key.starts_with(head.as_str())
}

/// Whether a line only dates the page: short, mostly numbers and date words, with a year or a time in it.
pub fn is_dateline(line: &str, key: &str, words: usize) -> bool {
    // A sentence, a clause that introduces what follows, or a numbered reference («(29) مجلة …») is no date line.
    // A date line has a year or a time: digits (the key writes every script's digits as ASCII ones).
    if !key.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let t = line.trim_end();
    // «17 января 2012 г.», «4 stycznia 2012 r.»: a year's abbreviation is no sentence's end.
    let abbreviated = t.ends_with('.') && key.rsplit(' ').next().is_some_and(|w| w.chars().count() == 1);
    if words == 0 || words > MAX_LONG_DATE_WORDS || (t.ends_with(['.', ':', '،']) && !abbreviated) || t.starts_with('(')
    {
        return false;
    }
    let is_number = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
    let mut dated = 0;
    let mut named = 0;
    let mut clock = false;
    let mut year = false;
    let mut numbers = 0;
    let mut published = false;
    let mut before = "";
    for w in key.split(' ') {
        // «…نشر في»: a scrape glues the writer's name to the verb.
        published |= PUBLISHED_WORDS.contains(&w) || (matches!(w, "في" | "فى") && before.ends_with("نشر"));
        before = w;
        // A time written the French way: «14h34».
        if w.split_once('h')
            .is_some_and(|(h, m)| (1..=2).contains(&h.len()) && m.len() == 2 && is_number(h) && is_number(m))
        {
            numbers += 2;
            dated += 1;
            clock = true;
            continue;
        }
        // «5:13pm»: the minutes and the half of the day in one word.
        if w.strip_suffix("am")
            .or_else(|| w.strip_suffix("pm"))
            .is_some_and(|n| !n.is_empty() && is_number(n))
        {
            numbers += 1;
            dated += 1;
            clock = true;
            continue;
        }
        // «11:45ت م»: the minutes with the time zone's first letter glued to them. (A year with its era's
        // letter glued, «1436هـ», is not read as a year: a line of it alone, with a month's number, is more
        // often a quoted document's date than the page's.)
        let glued = w
            .strip_suffix(['ت', 'ص', 'م'])
            .is_some_and(|n| !n.is_empty() && is_number(n));
        if glued {
            numbers += 1;
            dated += 2;
            continue;
        }
        if is_number(w) {
            numbers += 1;
            dated += 1;
            let n: u32 = w.parse().unwrap_or(0);
            year |= w.len() == 4 && ((1900..=2100).contains(&n) || (1300..=1500).contains(&n));
        } else if DATE_WORDS.contains(&w) {
            dated += 1;
            named += 1;
        } else if matches!(w, "ه" | "م" | "ت" | "ص" | "ق") {
            dated += 1;
        }
    }
    // Without a year, two numbers on a short line date it when they are a clock's (`14:32`, `14h34`) or stand
    // with a month's or a day's name («الخميس 26-7»): not a numbered reference «57 الماعون 4-7».
    let time = numbers >= 2 && words <= 6 && (named > 0 || clock || has_clock(line));
    let share = dated as f64 / words as f64;
    if words > MAX_DATE_WORDS {
        return year && share >= MIN_LONG_DATE_SHARE;
    }
    ((year || time) && share >= MIN_DATE_SHARE) || (year && published && share >= MIN_PUBLISHED_SHARE)
}

/// Whether a line holds a clock's time: a digit, a colon and two digits (`14:32`, `٢:٠٥`).
fn has_clock(line: &str) -> bool {
    let digit = crate::normalize::is_digit;
    line.match_indices(':').any(|(at, _)| {
        let mut after = line[at + 1..].chars();
        line[..at].chars().next_back().is_some_and(digit)
            && after.next().is_some_and(digit)
            && after.next().is_some_and(digit)
    })
}

/// Whether a normalized word is a navigation, share or counter word, or a network's name.
fn is_nav_word(word: &str) -> bool {
    static NAV: WordSet = WordSet::new(|| NAV_WORDS.iter().chain(NETWORKS).copied().collect());
    NAV.contains(word)
}

/// Whether a whitespace-separated token is a web address.
fn is_address(token: &str) -> bool {
    token.starts_with("http") || token.starts_with("www.")
}

/// Searchers for what [`is_footer`] looks for in every short line, built once.
type Finder = std::sync::LazyLock<memchr::memmem::Finder<'static>>;
static HTTP: Finder = Finder::new(|| memchr::memmem::Finder::new("http"));
static WWW: Finder = Finder::new(|| memchr::memmem::Finder::new("www."));
static COPYRIGHT_SIGN: Finder = Finder::new(|| memchr::memmem::Finder::new("©"));
static MARK_SET: WordSet = WordSet::new(|| MARKS.iter().copied().collect());

fn contains(line: &str, finder: &Finder) -> bool {
    finder.find(line.as_bytes()).is_some()
}

pub fn is_footer(line: &str, key: &str, words: usize) -> bool {
    if words == 0 || words > MAX_WORDS {
        return false;
    }
    // Nav words (and counts: «التعليقات (0)», «السابق 1 2 3 التالي») must fill the line, besides a web
    // address («رابط مختصر: https://…»); a lone «اب» or "to" is not a footer, so one long word is needed.
    let unlinked;
    let key = if contains(line, &HTTP) || contains(line, &WWW) {
        let words: Vec<&str> = line.split_whitespace().filter(|t| !is_address(t)).collect();
        unlinked = crate::normalize::key(&words.join(" "));
        unlinked.as_str()
    } else {
        key
    };
    // A numbered item («5- Twitter») is a list's, not a count.
    let counts = bullet_len(line).is_none();
    let all_nav = !key.is_empty()
        && key
            .split(' ')
            .all(|w| is_nav_word(w) || NAV_OBJECTS.contains(&w) || (counts && w.bytes().all(|b| b.is_ascii_digit())))
        && key.split(' ').any(|w| is_nav_word(w) && w.chars().count() > 2);
    // (The sign looked for as its two bytes: a search for the character stops at every byte equal to its
    // last, and Arabic's «ة» ends with that byte too.)
    let copyright = contains(line, &COPYRIGHT_SIGN) || has_copyright_phrase(key);
    all_nav
        || copyright
        || FORM_MARKS.contains(&key)
        || SCRAPE_MARKS.contains(&key)
        || MARK_SET.contains(key)
        || is_call_to_follow(key, words)
        || is_breadcrumb(line, key, words)
        || is_shortcut_hint(line, key)
        || is_photo_credit(line, key, words)
}

/// Words that label a photograph's credit («Фото: РИА Новости», «fot. Jan Kowalski»), lower case. (Arabic's
/// «تصوير:» credits the page's photographer as a byline does: see [`bylines`].)
const PHOTO_LABELS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "picture",
    "image",
    "foto",
    "fotos",
    "fot",
    "zdjęcie",
    "фото",
    "фотография",
    "иллюстрация",
    "φωτό",
    "φωτο",
    "φωτογραφία",
];
/// The same in CJK, where a label's key is a character a word: looked for in the line as written.
const PHOTO_LABELS_CJK: &[&str] = &["图", "图片", "摄影"];
/// Words that give a credit after a photo label without a colon: «Photo by …», «Фото с сайта …».
const PHOTO_BY: &[&str] = &["by", "courtesy", "с", "z", "από", "de", "von", "来源"];
/// Most words of a credit after its label, and of a caption before it.
const MAX_CREDIT_WORDS: usize = 6;
const MAX_CAPTION_WORDS: usize = 8;

/// Whether a line is a photograph's credit, under a caption or alone: a photo label followed by a colon,
/// a full stop (an abbreviation) or a word that credits, then a few words (a name, an agency, a site);
/// before it, nothing, or a caption ended by a full stop.
fn is_photo_credit(line: &str, key: &str, words: usize) -> bool {
    if words < 2 || words > MAX_CAPTION_WORDS + MAX_CREDIT_WORDS + 1 {
        return false;
    }
    // Most lines hold no photo label: the key's words (lower case, punctuation gone) say so before the
    // line's tokens are looked at.
    static LABELS: WordSet = WordSet::new(|| PHOTO_LABELS.iter().copied().collect());
    // The CJK labels all open with «图» or «摄», whose UTF-8 opens with 0xe5 or 0xe6: a line with
    // neither byte holds none of them.
    let cjk_label =
        || memchr::memchr2(0xe5, 0xe6, line.as_bytes()).is_some() && PHOTO_LABELS_CJK.iter().any(|l| line.contains(l));
    if !key.split(' ').any(|w| LABELS.contains(w)) && !cjk_label() {
        return false;
    }
    let tokens: Vec<&str> = line.split_whitespace().collect();
    (0..tokens.len().min(MAX_CAPTION_WORDS + 1)).any(|j| {
        let token = tokens[j];
        let bare = token.trim_start_matches(['(', '[']);
        let name = bare.trim_end_matches([':', '.', '：', ',']).to_lowercase();
        if !PHOTO_LABELS.contains(&name.as_str()) && !PHOTO_LABELS_CJK.contains(&name.as_str()) {
            return false;
        }
        // A credit in brackets after other words may close a byline («… – جدة (تصوير: …)»): not furniture.
        let opens = j == 0 || tokens[j - 1].ends_with(['.', '|']);
        let marked = bare.ends_with([':', '.', '：'])
            || tokens
                .get(j + 1)
                .is_some_and(|n| PHOTO_BY.contains(&n.to_lowercase().as_str()) || n.starts_with([':', '：']));
        let credit = tokens.len() - j - 1;
        opens && marked && (1..=MAX_CREDIT_WORDS + 1).contains(&credit)
    })
}

/// Whether a line tells the reader to press a key combination («Нашли опечатку? Выделите ее и нажмите
/// Ctrl+Enter», "Select the text and press Ctrl+Enter"): the site's error-report or copy widget, in any
/// language.
fn is_shortcut_hint(line: &str, key: &str) -> bool {
    // Most lines hold no «ctrl»: the key (lower case already) says so without a copy of the line.
    if !key.contains("ctrl") {
        return false;
    }
    let lower = line.to_ascii_lowercase();
    lower.match_indices("ctrl").any(|(at, _)| {
        let rest = lower[at + 4..].trim_start();
        rest.strip_prefix('+').is_some_and(|k| {
            let key = k.trim_start();
            ["enter", "insert", "c", "v", "d"].iter().any(|name| {
                key.starts_with(name) && !key[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        })
    })
}

/// Whole lines that label a page's furniture: an advertisement's slot, an archive photo's caption.
const MARKS: &[&str] = &[
    "اعلان",
    "اعلانات",
    "الاعلانات",
    "مساحه اعلانيه",
    "صوره ارشيفيه",
    "صوره من الارشيف",
    "صوره تعبيريه",
    "ارشيفيه",
    "advertisement",
    "advertisements",
    "sponsored",
    "sponsored content",
    "file photo",
    "publicité",
    "anzeige",
    "publicidad",
    "pubblicità",
    "реклама",
    "reklama",
    "διαφήμιση",
    "loading",
    "loading please wait",
    "загрузка",
    "загружается подождите",
    "ładowanie",
    "φόρτωση",
    "poll",
    "опрос",
    "ankieta",
    "δημοσκόπηση",
    "sponsored links",
    "linki sponsorowane",
    "ссылки спонсоров",
    "σύνδεσμοι διαφημιζομένων",
    "广 告",
];

/// Normalized verbs that open a call to follow the site («تابعونا», «للاشتراك», «اضغط»), and the words that
/// make the call one besides a network's name ([`NETWORKS`]): «هنا», "us", «قناتنا».
const CALL_VERBS: &[&str] = &[
    "تابعونا",
    "تابعوا",
    "اشترك",
    "اشتركوا",
    "للاشتراك",
    "انضم",
    "انضموا",
    "حمل",
    "حملوا",
    "لتحميل",
    "اضغط",
    "انقر",
    "follow",
    "subscribe",
    "click",
    "join",
    "download",
    "suivez",
    "abonnez",
    "folgen",
    "подписывайтесь",
    "подпишитесь",
    "obserwuj",
    "ακολουθήστε",
];
const CALL_TARGETS: &[&str] = &[
    "هنا",
    "قناتنا",
    "حسابنا",
    "حساباتنا",
    "صفحتنا",
    "موقعنا",
    "تطبيقنا",
    "تطبيق",
    "التطبيق",
    "app",
    "نشرتنا",
    "here",
    "us",
    "nous",
    "uns",
    "нас",
    "nas",
    "μας",
];
/// Most words of a call to follow.
const MAX_CALL_WORDS: usize = 15;

/// Whether a line is a call to follow the site, as its first words: «تابعوا آخر الأخبار عبر حسابنا على
/// تويتر», «للاشتراك في قناتنا على تليجرام اضغط هنا», "Follow us on Twitter". A sentence that tells what
/// someone followed («وتابع الملايين …») does not open with the verb alone.
fn is_call_to_follow(key: &str, words: usize) -> bool {
    let mut split = key.split(' ');
    static VERBS: WordSet = WordSet::new(|| CALL_VERBS.iter().copied().collect());
    if words > MAX_CALL_WORDS || !split.next().is_some_and(|w| VERBS.contains(w)) {
        return false;
    }
    split.any(|w| CALL_TARGETS.contains(&w) || NETWORKS.contains(&w))
}

/// Normalized names of a site's home page, as a breadcrumb trail opens with them.
const HOMES: &[&str] = &[
    "الرييسيه",
    "الصفحه الرييسيه",
    "home",
    "accueil",
    "startseite",
    "главная",
    "strona główna",
    "αρχική",
];

/// A breadcrumb trail: the home page's name, then a few short sections after `>`, `›`, or a `»`, `/` or `|`
/// between spaces («الرئيسية > أخبار > محليات», "Home » World"; a «…» closing a quote is none).
fn is_breadcrumb(line: &str, key: &str, words: usize) -> bool {
    words <= MAX_CRUMB_WORDS
        && HOMES.iter().any(|h| opens_with(key, h))
        && (line.contains(['>', '›', '→']) || [" » ", " / ", " | "].iter().any(|sep| line.contains(sep)))
}

/// Normalized words that measure a time: a relative date («منذ 3 ساعات», "3 hours ago") or a reading time
/// («قراءة: 3 دقائق», "4 min read").
const TIME_UNITS: &[&str] = &[
    "دقيقه",
    "دقايق",
    "دقيقتين",
    "ساعه",
    "ساعات",
    "ساعتين",
    "يوم",
    "ايام",
    "يومين",
    "اسبوع",
    "اسابيع",
    "min",
    "mins",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
];

/// A line that only says how long ago the page was published or how long it takes to read: a number, a
/// unit of time, and «منذ», «قراءة» or "ago", "read" (four words at most). At the page's edges only: a list
/// of other stories gives each its «منذ 3 ساعات», and the page model reads the list by them.
pub fn is_time_note(key: &str, words: usize) -> bool {
    if !(2..=5).contains(&words) {
        return false;
    }
    let mut number = false;
    let mut unit = false;
    let mut marker = false;
    for w in key.split(' ') {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            number = true;
        } else if TIME_UNITS.contains(&w) {
            unit = true;
        } else if matches!(w, "منذ" | "قبل" | "قراءه" | "للقراءه" | "ago" | "read") {
            marker = true;
        } else if matches!(w, "updated" | "posted" | "published" | "اخر" | "تحديث" | "نشر") && !marker && !number
        {
            // «Updated 3 hours ago», «آخر تحديث منذ 3 ساعات»: what the time note dates, before it.
        } else {
            return false;
        }
    }
    number && unit && marker
}

/// Whole lines a page copied through a word processor keeps where a web form stood.
const FORM_MARKS: &[&str] = &["top of form", "bottom of form"];
/// Whole lines a broken scrape leaves where a value should have been printed: a script's «Array»,
/// «undefined», «[object Object]».
const SCRAPE_MARKS: &[&str] = &["array", "undefined", "object object"];
/// A breadcrumb trail has at most this many words.
const MAX_CRUMB_WORDS: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `rule` holds of a line, given its key and word count as the detectors compute them.
    fn holds(rule: fn(&str, &str, usize) -> bool, line: &str) -> bool {
        let key = crate::normalize::key(line);
        rule(line, &key, crate::fingerprint::word_count(&key))
    }

    #[test]
    fn source_lines_in_several_scripts() {
        let source = |line: &str| holds(is_source_line, line);
        assert!(source("المصدر : وكالات خارجية") && source("Source: Daily Paper") && source("來源： 新華網"));
        assert!(source("责任编辑: 郑策") && source("(编辑： newsroom)"));
        assert!(!source("( 編輯：") && !source("المصدر الأول للطاقة في المملكة هو النفط"));
    }

    #[test]
    fn breadcrumbs_and_time_notes() {
        let crumb = |line: &str| holds(is_breadcrumb, line);
        assert!(crumb("الرئيسية > أخبار > محليات") && crumb("الرئيسية / اقتصاد") && crumb("Home » World"));
        // A closing quote is no separator; a sentence that opens with the word is no trail.
        assert!(!crumb("الرئيسية «الجديدة» للموقع") && !crumb("الرئيسية في المدينة هي شارع الملك فهد"));
        let note = |line: &str| {
            let key = crate::normalize::key(line);
            is_time_note(&key, crate::fingerprint::word_count(&key))
        };
        assert!(note("منذ 3 ساعات") && note("قراءة: 3 دقائق") && note("4 min read") && note("2 hours ago"));
        assert!(note("Updated 3 hours ago") && note("آخر تحديث منذ 3 ساعات"));
        assert!(!note("3 hours ago updated") && !note("updated 3 hours"));
        assert!(!note("3 ساعات") && !note("منذ ساعات") && !note("استمر الاجتماع منذ 3 ساعات"));
    }

    #[test]
    fn lexicons_are_normalized() {
        for (name, words) in [
            ("NAV_WORDS", NAV_WORDS),
            ("NAV_OBJECTS", NAV_OBJECTS),
            ("READ_ON", READ_ON),
            ("NETWORKS", NETWORKS),
            ("DATE_WORDS", DATE_WORDS),
            ("COPYRIGHT", COPYRIGHT),
            ("CONTACT_WORDS", CONTACT_WORDS),
            ("TAG_LEADS", TAG_LEADS),
            ("SOURCE_LABELS", SOURCE_LABELS),
            ("PHOTO_LABELS", PHOTO_LABELS),
            ("FORM_MARKS", FORM_MARKS),
            ("SCRAPE_MARKS", SCRAPE_MARKS),
            ("HOMES", HOMES),
            ("TIME_UNITS", TIME_UNITS),
            ("MARKS", MARKS),
            ("CALL_VERBS", CALL_VERBS),
            ("CALL_TARGETS", CALL_TARGETS),
        ] {
            crate::detect::tests::assert_normalized(name, words);
        }
        // `is_photo_credit` looks for the CJK labels only in lines holding their first bytes.
        for label in PHOTO_LABELS_CJK {
            assert!(matches!(label.as_bytes()[0], 0xe5 | 0xe6), "{label}");
        }
    }

    use crate::fingerprint::word_count;
    use crate::normalize::key;

    #[test]
    fn end_furniture() {
        let contact = |l: &str| is_contact_line(l, &key(l), word_count(&key(l)));
        assert!(contact("لمراسلة الكاتب: aaltayer@alriyadh.net"));
        assert!(contact(
            "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (100) ثم مسافة ثم نص الرسالة إلى 88591 - Stc"
        ));
        assert!(contact("@T_algashgari algashgari@gmail.com"));
        // A network and the writer's handle on it, with its `@` or without; not the network in a sentence.
        assert!(contact("تويتر: Arfaj1") && contact("تويتر @aljamili") && contact("Twitter: @jdoe"));
        assert!(!contact("تويتر يحذف الحسابات") && !contact("تويتر"));
        assert!(!contact("وقال إن التواصل مع المواطنين مستمر عبر البريد والهاتف."));
        // A web form's marks where a page went through a word processor; not a sentence about forms.
        let footer = |l: &str| is_footer(l, &key(l), word_count(&key(l)));
        assert!(footer("Top of Form") && footer("Bottom of Form"));
        assert!(footer("Array") && footer("undefined") && footer("[object Object]"));
        assert!(!footer("Array of sensors"));
        assert!(!footer("Fill in the top of the form"));
        let tags = |l: &str| is_tag_line(l, &key(l), word_count(&key(l)));
        assert!(tags("سمات أزمة مالية الأندية السعودية"));
        assert!(tags("Tags: oil, OPEC, prices"));
        assert!(!tags("سماته الشخصية جعلته قائداً محبوباً بين زملائه."));
        assert!(is_credit_footnote("* وحدة التقارير الاقتصادية", 3));
        // A footnote that describes the writer by a position is the byline's; a desk's is not.
        let writer = |l: &str| super::super::bylines::describes_writer(&key(l));
        assert!(writer("* خبير متخصص في تكرير وتسويق النفط") && writer("* الباحث - المدير التنفيذي"));
        assert!(!writer("* وحدة التقارير الاقتصادية") && !writer("* «مؤسسة الفكر العربي»"));
        assert!(!is_credit_footnote(
            "* ثم وجبة السحور كسابقتها في المحتوى والمكونات الصحية.",
            9
        ));
        assert!(is_email_line("Alsabahe2004@hotmail.com") && is_email_line("osama4855@"));
        assert!(!is_email_line("www.evisa.gov.bh") && !is_email_line("راسلونا على info@site.com"));
        let slider = |l: &str| is_slider_dateline(l, &key(l));
        assert!(slider("Next Previous عين اليوم – الرياض"));
        assert!(!slider("Next Previous"));
    }

    #[test]
    fn source_lines() {
        for (line, want) in [
            ("المصدر: صحيفة فلسطين", true),
            ("Source: Reuters", true),
            ("المصدر: وكالات", true),
            ("وقال المصدر: إن الاجتماع سيعقد غداً في العاصمة.", false),
            ("المصدر", false),
            ("По материалам источника: news.mail.ru", true),
            ("Źródło informacji: IAR/PAP", true),
        ] {
            assert_eq!(holds(is_source_line, line), want, "{line:?}");
        }
    }

    #[test]
    fn link_lines() {
        for (line, want) in [
            ("Więcej na: www.crispynatural.pl", true),
            ("Адреса матеріалу: http://news.zn.ua/HEALTH/95163/", true),
            ("More at: example.com", true),
            // A sentence that ends with an address, and a paragraph with one after a colon, are text.
            ("The council's plans are online at: www.council.example", false),
            (
                "市环境保护监测中心网站网址为：http://www.bjmemc.com.cn。今天上午10时，记者登录网站看到",
                false,
            ),
            ("Więcej na: www.crispynatural.pl i w sklepach", false),
            ("Wynik: 3.5", false),
        ] {
            assert_eq!(is_link_line(line), want, "{line:?}");
        }
    }

    /// Check `is_footer` on each line.
    fn assert_footers(cases: &[(&str, bool)]) {
        for &(line, want) in cases {
            let k = key(line);
            assert_eq!(is_footer(line, &k, word_count(&k)), want, "{line:?}");
        }
    }

    #[test]
    fn photo_credits() {
        assert_footers(&[
            ("Фото: РИА Новости", true),
            ("fot. www.sxc.hu", true),
            ("(fot. Liliana Kosakowska)", true),
            ("Photo by Jill A. Brown via Flickr", true),
            ("Здание Тартуского суда. Фото с сайта betotrade.ee", true),
            ("Президент Литвы Даля Грибаускайте. Иллюстрация: president.lt", true),
            // A byline that ends with its photographer's credit is a byline; a sentence about a photo is text.
            ("Hanna Nowak – Kraków (fot. Jan Kowalski)", false),
            ("Photo albums from the war were shown at the museum on Sunday.", false),
            ("Фото", false),
        ]);
    }

    #[test]
    fn a_widgets_label_alone_is_furniture() {
        assert_footers(&[
            ("загрузка...", true),
            ("Loading...", true),
            ("Ankieta", true),
            ("Σύνδεσμοι διαφημιζομένων", true),
            ("Loading the ship took three days.", false),
        ]);
    }

    #[test]
    fn a_shortcut_hint_is_furniture_anywhere() {
        assert_footers(&[
            ("Нашли опечатку? Выделите ее и нажмите Ctrl+Enter", true),
            ("Ошибка в тексте? Выделите ошибку мышью и нажмите Ctrl + Enter", true),
            ("Select the text and press CTRL+ENTER to report a mistake.", true),
            ("Press Ctrl+C to copy the link", true),
            ("Control was handed to the new board on Monday.", false),
            ("Ctrl+Entertainment is a new show", false),
        ]);
    }

    #[test]
    fn date_lines() {
        let cases = [
            ("السبت, 05 مايو, 2012, 14:32 بتوقيت القدس", true),
            ("2012-06-03", true),
            ("تاريخ النشر :24 أغسطس 2012", true),
            ("الخميس 26 جويلية 2012", true),
            ("15:28 ت م", true),
            ("11:45ت م", true),
            // A month's name dates a line whose year has its era's letter glued to it.
            ("الخميس 23 يوليو 2015م", true),
            ("06/10/2012 12:00 صباحا", true),
            ("الرياض 05 شوال 1436 هـ الموافق 21 يوليو 2015 م واس", true),
            ("Published on 3 March 2024", true),
            ("يوم الأحد 27/05/2012 م - الموافق 7-7-1433 هـ الساعة 10:19 صباحاً", true),
            ("كأس العالم 2014", false),
            ("عام 2012", false),
            ("(59) صحيفة وول ستريت جورنال، 22 سبتمبر 1995، ص 1.", false),
            ("التاريخ: 24 - 10 - 2011", true),
            // Where and when it was published, the writer's name glued to the verb.
            (
                "العلامة المرحوم أحمد بن شقروننشر في ميثاق الرابطة يوم 25 - 10 - 2012",
                true,
            ),
            ("Published in The Daily Star on 3 March 2024", true),
            ("نشر الباحث دراسته عن الاقتصاد في مجلة علمية عام 2012", false),
            // A time written the French way, alone; not a duration in a phrase.
            ("14h34", true),
            // Other languages' dates.
            ("2011年12月09日 20:29:49", true),
            ("Mon Jan 9, 2012 5:13pm EST", true),
            ("17 января 2012 г.", true),
            ("4 stycznia 2012 r.", true),
            ("Τρίτη, 17 Ιανουαρίου 2012", true),
            ("Выборы в США пройдут 6 ноября 2012 года.", false),
            ("Durée du film 1h30", false),
            ("الهلال 2 النصر 1", false),
            // Two numbers without a year: a clock's, or beside a day's name; not a numbered reference's verses.
            ("٢:٠٥ م", true),
            ("الخميس 26-7", true),
            ("57 الماعون 4-7", false),
            ("60 النور/24-25", false),
            ("فصلت / 20-21", false),
            ("وفي عام 2012 ارتفعت الأسعار بنسبة 20 في المئة عن العام السابق", false),
            // A site's long line with the date twice and the time; not a long line of dates in prose.
            (
                "الوئام:  تم إضافته يوم الإثنين 21 ربيع الأول 1433 هـ - الموافق 13 فبراير 2012 م - الساعه 8:07 مساءً",
                true,
            ),
            (
                "وتستمر الدورة من 21 ربيع الأول 1433 هـ إلى 13 جمادى الأولى 1433 هـ في مقر النادي بمدينة الرياض",
                false,
            ),
        ];
        for (line, want) in cases {
            let k = key(line);
            assert_eq!(is_dateline(line, &k, word_count(&k)), want, "{line:?}");
        }
    }

    #[test]
    fn copyright_notices_in_each_language() {
        for line in [
            "Copyright 2012 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
            "© 2012 Le Monde. Tous droits réservés.",
            "Все права защищены. Перепечатка материалов только с согласия редакции.",
            "Wszelkie prawa zastrzeżone.",
            "Με επιφύλαξη παντός δικαιώματος.",
            "Alle Rechte vorbehalten.",
            "Todos los derechos reservados.",
            "Tutti i diritti riservati.",
            "Todos os direitos reservados.",
            "本网站由南方新闻网版权所有，未经授权禁止复制或建立镜像",
            "自由電子報 版權所有 2012",
        ] {
            let k = key(line);
            assert!(is_copyright_notice(line, &k, word_count(&k)), "{line:?}");
        }
        // A phrase is enough (only an article's end asks); a `©` alone is no phrase.
        assert!(has_copyright_phrase(&key(
            "The court ruled that the copyright of the song was its writer's."
        )));
        assert!(!has_copyright_phrase(&key("© Reuters")));
    }

    #[test]
    fn end_furniture_lines() {
        for (line, want) in [
            ("للاطلاع على الخبر من المصدر اضغط هنا", true),
            ("رابط الخبر بصحيفة الوئام: حملة وطنية للتطعيم", true),
            ("نقلا عن صحيفة الأهرام", true),
            ("عن موقع سكاي نيوز", true),
            ("وقال إن الحملة ستبدأ غدا عن طريق موقع الوزارة", false),
            ("وأضاف أن رابط الخبر انتشر على مواقع التواصل", false),
            ("اضغط هنا", true),
        ] {
            assert_eq!(holds(is_end_furniture, line), want, "{line:?}");
        }
    }

    #[test]
    fn footer_lines() {
        let cases = [
            ("Next Previous", true),
            ("شارك: تويتر | فيسبوك | واتساب", true),
            ("طباعة  أرسل لصديق", true),
            ("© 2025 جميع الحقوق محفوظة لصحيفة الرياض", true),
            ("All rights reserved.", true),
            ("...المزيد", true),
            ("شارك الوزير في افتتاح المعرض الدولي للكتاب", false),
            ("التالي", true),
            ("اب", false),
            ("وقال إن تويتر أغلق الحساب", false),
            ("inShare", true),
            ("يتبع", true),
            // An advertisement's slot, an archive photo's caption, calls to follow the site.
            ("- إعلان -", true),
            ("Advertisement", true),
            ("(صورة أرشيفية)", true),
            ("تابعوا آخر الأخبار عبر حسابنا على تويتر", true),
            ("للاشتراك في قناتنا على تليجرام اضغط هنا", true),
            ("Follow us on Twitter", true),
            ("حمل تطبيق الصحيفة على هاتفك", true),
            ("حقوق النشر محفوظة لصحيفة سبق", true),
            ("Download our app", true),
            ("Подписывайтесь на нас в Telegram", true),
            // Sentences with those words.
            ("وتابع الملايين المباراة على يوتيوب", false),
            ("تابع الوزير سير العمل في المشروع", false),
            ("حمل المتظاهرون لافتات كتب عليها شعارات الثورة", false),
            ("نشر الإعلان في الصحف الرسمية أمس", false),
            // Counters, pages and a short link; a numbered item is a list's.
            ("التعليقات (0)", true),
            ("عدد المشاهدات: 1234", true),
            ("السابق 1 2 3 التالي", true),
            ("رابط مختصر: https://example.com/a1b2", true),
            ("5- Twitter", false),
            ("وقع الحادث في 3 مواقع", false),
        ];
        for (line, want) in cases {
            let k = key(line);
            assert_eq!(is_footer(line, &k, word_count(&k)), want, "{line:?}");
        }
    }
}
