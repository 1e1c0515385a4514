//! Whole-page detector cases: each page is written with the expected label before a `|` on every line.
//! `k` kept, `h` header, `l` headline list, `t` title (or a copy of it), `y` byline (detected, kept),
//! `r` repeat, `f` footer. Blank lines carry no label.

use super::{detect, Decisions};
use crate::config::CleanOptions;
use crate::document::Reason;
use crate::split;

const P1: &str = "اجتمع رئيس هيئة الأركان العامة القرغيزية رحيم بردي دويشنبييف، مع وزير دفاع أوزبكستان عبد السلام عزيزوف، في أول لقاء على هذا المستوى بين عسكريي البلدين منذ نيلهما الاستقلال.";
const P2: &str = "جاء هذا اللقاء أثناء الزيارة الرسمية التي يقوم بها دويشنبييف إلى طشقند في الفترة ما بين 11 و14 يونيو الحالي، حسبما أفاد متحدث باسم الأركان القرغيزية اليوم الأربعاء.";
const P3: &str = "وأضاف المتحدث أن الاجتماع تناول قضايا التعاون العسكري بين البلدين وآفاق تطويره، مع التركيز على ضرورة حشد الجهود من أجل تحقيق الأمن الإقليمي.";
const P4: &str =
    "كما تم استحداث هيئة الأركان العامة باعتبارها أعلى هيئة قيادية، ويترأس رئيسها المؤسسة العسكرية في البلاد.";
const TITLE: &str = "أوزبكستان وقرغيزستان تبدآن تعاوناً عسكرياً لحفظ الأمن الإقليمي";
const ITEMS: [&str; 4] = [
    "كوريا الجنوبية تخصص 3 ملايين دولار لدعم جهود مكافحة تغير المناخ",
    "شينجيانغ تطلق خط شحن سككي جديد لدعم التجارة",
    "طاجيكستان والكويت تسعيان لتعزيز التعاون الاقتصادي",
    "العراق يعزز قدراته الكهربائية باتفاقية جديدة لاستيراد الغاز",
];

/// Build a page from `(label, text)` rows and check the detectors label every line as written.
fn check(name: &str, rows: &[(char, String)]) {
    let text: String = rows.iter().map(|(_, t)| format!("{t}\n")).collect();
    let lines = split::lines(&text);
    let d = detect(&text, &lines, &CleanOptions::default(), &super::Known::default());
    for ((want, line_text), (line, got)) in rows.iter().zip(lines.iter().zip(&d.labels)) {
        let got = match (got, d.byline == Some(line.number - 1)) {
            (_, true) => 'y',
            (None, false) => {
                if line.span.is_empty() {
                    ' '
                } else {
                    'k'
                }
            }
            (Some(Reason::Header), _) => 'h',
            (Some(Reason::Title), _) => 't',
            (Some(Reason::Byline), _) => 'y',
            (Some(Reason::HeadlineList), _) => 'l',
            (Some(Reason::Repeat), _) => 'r',
            (Some(Reason::Footer), _) => 'f',
            (Some(Reason::Boilerplate), _) => 'b',
            (Some(Reason::DuplicateParagraph), _) => 'd',
            (Some(Reason::Separator), _) => 's',
            (Some(Reason::Dateline), _) => 'D',
            (Some(Reason::Navigation), _) => 'n',
            (Some(Reason::AfterArticle), _) => 'a',
        };
        assert_eq!(got, *want, "{name}: line {} {line_text:?}", line.number);
    }
}

fn row(label: char, text: &str) -> (char, String) {
    (label, text.to_string())
}

fn blank() -> (char, String) {
    (' ', String::new())
}

fn items(bullet: &str, label: char) -> Vec<(char, String)> {
    ITEMS
        .iter()
        .enumerate()
        .map(|(n, t)| (label, format!("{}{t}", bullet.replace('#', &(n + 1).to_string()))))
        .collect()
}

fn article(repeat: Option<fn(&str) -> String>) -> Vec<(char, String)> {
    let mut rows = vec![
        row('t', TITLE),
        row('y', "أنباء آسيا الوسطى والقوقاز – وكالات"),
        row('k', P1),
        row('k', P2),
        row('k', P3),
        row('k', P4),
    ];
    if let Some(f) = repeat {
        rows.push(row('t', &f(TITLE)));
        rows.extend([P1, P2, P3, P4].iter().map(|p| row('r', &f(p))));
    }
    rows
}

#[test]
fn headline_lists_with_any_bullet_go() {
    for bullet in ["- ", "• ", "* ", "· ", "– ", "◄ ", "#. ", "#- ", "#) "] {
        let mut rows = items(bullet, 'l');
        rows.extend(article(None));
        check(&format!("bullet {bullet:?}"), &rows);
    }
}

#[test]
fn headline_list_under_a_heading_goes_bulleted_or_not() {
    for (heading, bullet) in [("اقرأ أيضاً", "- "), ("أخبار ذات صلة:", ""), ("مواضيع ذات صلة", "• ")]
    {
        let mut rows = vec![row('l', heading)];
        rows.extend(items(bullet, 'l'));
        rows.extend(article(None));
        check(&format!("top {heading}"), &rows);

        let mut rows = article(None);
        rows.push(row('l', heading));
        rows.extend(items(bullet, 'l'));
        check(&format!("bottom {heading}"), &rows);
    }
}

#[test]
fn bulleted_headline_list_at_the_bottom_goes() {
    let mut rows = article(Some(str::to_string));
    rows.extend(items("- ", 'l'));
    rows.push(row('f', "شارك: تويتر | فيسبوك | واتساب"));
    check("bottom list", &rows);
}

#[test]
fn unbulleted_list_goes_when_the_page_points_at_the_title() {
    // The title is repeated with the body further down: that marks it, and the lines above are a list.
    let mut rows = vec![row(
        'h',
        " date 2015-07-26 http://www.okaz.com.sa/new/Issues/20150726/Con20150726785717.htm",
    )];
    rows.extend(items("", 'l'));
    rows.extend(article(Some(str::to_string)));
    check("unbulleted", &rows);
}

#[test]
fn a_list_that_belongs_to_the_article_stays() {
    // Sentences as items, inside the body.
    let rows = vec![
        row('t', TITLE),
        row('k', P1),
        row('k', "وتضمن الاتفاق البنود التالية:"),
        row('k', "- تبادل الخبرات العسكرية بين البلدين في مجالات التدريب والتأهيل."),
        row('k', "- إجراء مناورات مشتركة على الحدود مرة كل عام."),
        row('k', "- إنشاء لجنة دائمة لمتابعة تنفيذ الاتفاق."),
        row('k', P2),
        row('k', P3),
    ];
    check("sentence list inside the body", &rows);

    // Short items at the very end, but about the article itself (its words), without a heading.
    let rows = vec![
        row('t', "أغلى صفقات انتقال اللاعبين في تاريخ كرة القدم"),
        row('k', "تصدرت صفقة انتقال البرازيلي نيمار قائمة أغلى صفقات انتقال اللاعبين في تاريخ كرة القدم بقيمة بلغت 222 مليون يورو، وجاء بعده عدد من النجوم الذين انتقلوا بمبالغ قياسية."),
        row('k', "وتضم القائمة لاعبين انتقلوا إلى أندية إسبانية وإنجليزية وفرنسية بمبالغ تجاوزت مئة مليون يورو:"),
        row('k', "1- نيمار (222 مليون يورو)"),
        row('k', "2- كيليان مبابي (180 مليون يورو)"),
        row('k', "3- فيليب كوتينيو (160 مليون يورو)"),
        row('k', "4- جواو فيليكس (126 مليون يورو)"),
    ];
    check("article's own list at the bottom", &rows);

    // Headline-like items whose words are not the article's, but under a line that introduces them, or
    // ending a list whose first item has another bullet: the article's sources, the writer's works.
    for above in ["المصادر والمراجع:", "ــ ديوان «زايد»"] {
        let mut rows = vec![row('t', TITLE), row('k', P1), row('k', P2), row('k', above)];
        rows.extend(items("- ", 'k'));
        check(above, &rows);
    }

    // A second list under a short subheading, after the article's first list with the same bullet.
    let mut rows = vec![row('t', TITLE), row('k', P1), row('k', P2), row('k', "قائمة التجنب")];
    rows.extend(items("* ", 'k'));
    rows.push(row('k', "قائمة البدائل"));
    rows.extend(
        [
            "* زجاجات المياه المصنوعة من الصلب",
            "* الأطباق والأواني السيراميك",
            "* الخلاط الزجاجي",
        ]
        .map(|t| row('k', t)),
    );
    check("a second list under its subheading", &rows);

    // A fact sheet whose lines give web addresses: no headlines.
    let mut rows = vec![
        row('t', TITLE),
        row('k', P1),
        row('k', P2),
        row('k', "** معلومات عن اللعبة"),
    ];
    rows.extend(
        [
            "* الشركة المبرمجة: «نينتندو» Nintendo http://www.nintendo.com",
            "* موقع اللعبة على الإنترنت: http://splatoon.nintendo.com",
            "* نوع اللعبة: قتال ومغامرات",
            "* جهاز اللعب: «وي يو» حصريا",
            "* دعم للعب الجماعي: نعم",
        ]
        .map(|t| row('k', t)),
    );
    check("a fact sheet with web addresses", &rows);
}

#[test]
fn repeats_survive_what_a_second_scrape_changes() {
    type Rescrape = fn(&str) -> String;
    let variants: [(&str, Rescrape); 8] = [
        ("identical", str::to_string),
        ("no diacritics", |s| {
            s.chars().filter(|c| !('\u{064b}'..='\u{0652}').contains(c)).collect()
        }),
        ("tatweel", |s| s.replace("الم", "الـــم")),
        ("alef forms", |s| s.replace(['أ', 'إ'], "ا")),
        ("ya and ta marbuta", |s| s.replace('ى', "ي").replace("ة ", "ه ")),
        ("commas", |s| s.replace('،', ",")),
        ("digits and marks", |s| s.replace('1', "١").replace(' ', " \u{200f}")),
        ("spacing", |s| s.replace(' ', "  ")),
    ];
    for (name, f) in variants {
        check(name, &article(Some(f)));
    }
}

#[test]
fn near_and_partial_repeats_go() {
    // One word changed in one paragraph of a repeated block.
    let mut rows = article(Some(str::to_string));
    rows[8] = row('r', &P2.replace("الرسمية", "الرئاسية"));
    check("near", &rows);

    // Only the first half of the body again, with blank lines between.
    let mut rows = article(None);
    rows.extend([blank(), row('t', TITLE), blank(), row('r', P1), blank(), row('r', P2)]);
    check("partial", &rows);

    // Two paragraphs joined on one line in the second copy.
    let mut rows = article(None);
    rows.extend([row('t', TITLE), row('r', &format!("{P1} {P2}")), row('r', P3)]);
    check("joined", &rows);
}

#[test]
fn what_only_looks_like_a_repeat_stays() {
    let rows = vec![
        row('t', "ربكم أعلم بما في نفوسكم"),
        row('k', P1),
        // A quote of the title inside the body.
        row('k', "\"ربكم أعلم بما في نفوسكم\""),
        row('k', P2),
        // A short line that occurs twice in the article.
        row('k', "أشدُّ من الماء حزناً"),
        row('k', P3),
        row('k', "أشدُّ من الماء حزناً"),
        // A writer restating the lead with several words changed.
        row(
            'k',
            &P1.replace("اجتمع", "التقى")
                .replace("في أول لقاء", "خلال أول اجتماع")
                .replace("منذ نيلهما", "بعد حصولهما على"),
        ),
        // A line that quotes the title with more words around it.
        row('k', &format!("رابط الخبر بصحيفة الوئام: {TITLE}")),
        // A list's item naming what an earlier paragraph told (a record of titles, after the story).
        row(
            'k',
            "أما أول بطولة خارجية فقد تمثلت في كأس الأندية الآسيوية الـ19 أبطال الدوري بالرياض عام 2000 بعد موسم طويل.",
        ),
        row('k', "والبطولات التي تحققت كانت كالتالي:"),
        row('k', "- كأس آسيا للناشئين 1989م."),
        row('k', "- كأس الأندية الآسيوية الـ19 أبطال الدوري بالرياض عام 2000م."),
        row('k', "- كأس ولي العهد عام 2003م."),
    ];
    check("look-alikes", &rows);
}

#[test]
fn plain_pages_keep_their_opening_lines() {
    // Short lines under the title (a poem) are the article, not a list.
    let rows = vec![
        row('t', "عيد الأمل"),
        row('k', "رَأى قَضاؤُكَ فينا رَأيَ حِكمَتِهِ أَكرِم بِوَجهِكَ مِن قاضٍ وَمُنتَقِمِ"),
        row('k', "فَالطُفْ لأَجلِ رَسولِ العالَمينَ بِنا وَلا تَزِد قَومَهُ خَسفًا وَلا تُسِمِ"),
        row('k', "يا رَبِّ أَحسَنتَ بَدءَ المُسلِمينَ بِهِ فَتَمِّمِ الفَضلَ وَاِمنَح حُسنَ مُختَتَمِ"),
        row('k', "أحمد شوقي \"نهج البردة\""),
        row('k', P1),
        row('k', P2),
    ];
    check("poem", &rows);
}

#[test]
fn a_page_of_one_line_is_all_text() {
    check("one line", &[row('k', "نص قصير من سطر واحد بلا عنوان")]);
    check("one line twice", &[row('k', TITLE), row('r', TITLE)]);
}

#[test]
fn related_blocks_inside_the_article_go_and_its_subheadings_stay() {
    let rows = vec![
        row('t', TITLE),
        row('k', P1),
        row('l', "اقرأ أيضاً"),
        row('l', ITEMS[0]),
        row('l', ITEMS[1]),
        row('l', ITEMS[2]),
        row('k', P2),
        row('k', "التعاون العسكري"),
        row('k', P3),
        row('l', &format!("للمزيد: {}", ITEMS[3])),
        row('k', P4),
    ];
    check("related block and link mid-article", &rows);
    // The same block under the headings of other wordings and languages.
    for heading in [
        "طالع أيضا:",
        "مواضيع قد تهمك",
        "أخبار ذات علاقة",
        "Читайте также:",
        "Zobacz też:",
        "À lire aussi",
    ] {
        let mut rows = rows.clone();
        rows[2] = row('l', heading);
        check(heading, &rows);
    }
}

#[test]
fn furniture_without_words_dates_and_a_signature() {
    let rows = vec![
        row('t', TITLE),
        row('D', "السبت, 05 مايو, 2012, 14:32 بتوقيت القدس"),
        row('k', P1),
        row('s', "* * *"),
        row('k', P2),
        row('k', P3),
        row('y', "- ماجد بن نويصر"),
    ];
    check("separator, date line, signature", &rows);
    // A date under a line that introduces what follows, or under a paragraph, is the article's: a quoted
    // document's, a list's.
    let rows = vec![
        row('t', TITLE),
        row('k', "صدر أمس أمر ملكي فيما يلي نصه:"),
        row('k', "بسم الله الرحمن الرحيم"),
        row('k', "التاريخ: 9-10-1436 هـ"),
        row('k', P1),
        row('k', P2),
    ];
    check("a quoted document's date", &rows);
    let rows = vec![
        row('t', TITLE),
        row('k', P1),
        row('k', "الأحد 10 شوال 1436"),
        row('k', P2),
        row('k', P3),
        row('k', P4),
    ];
    check("a date under a paragraph", &rows);
    // Under the article, a run of furniture in any order: a tag line, a short link, a counter, a date.
    let tail = [
        ('f', "الكلمات المفتاحية: أوزبكستان، قرغيزستان، الأمن"),
        ('f', "رابط مختصر: https://example.com/a1b2"),
        ('D', "السبت, 05 مايو, 2012, 14:32"),
        ('f', "التعليقات (0)"),
    ];
    check("furniture under the article", &under_article(&tail));
    // A writer's contact: an address a site hid from scrapers, and an SMS code whose numbers run on over
    // short lines.
    let tail = [
        ('f', "[email\u{a0}protected] /* */"),
        ('f', "للتواصل أرسل sms إلى 88548 الاتصالات"),
        ('f', ",636250 موبايلي, 738303 زين تبدأ بالرمز"),
        ('f', "188 مسافة ثم الرسالة"),
    ];
    check("a writer's contact", &under_article(&tail));
    // A handle, an email and a contact line, whose code's instructions hold a number of two digits.
    let tail = [
        ('f', "تويتر: @ibrahim__naseeb"),
        ('f', "h_wssl@hotmail.com"),
        ('f', "للتواصل مع الكاتب ارسل رسالة SMS"),
        ('f', "تبدأ بالرمز (48) ثم مسافة ثم نص الرسالة إلى"),
        ('f', "88591 - Stc"),
        ('f', "635031 - Mobily"),
        ('f', "737221 - Zain"),
    ];
    check("a writer's handle, email and SMS code", &under_article(&tail));
    // A wire story's tail: its end marker, its time and its serial number, and a share button's word.
    let tail = [('f', "//انتهى//"), ('D', "11:45ت م"), ('f', "0045"), ('f', "تغريد")];
    check("a wire story's end marker, time and serial", &under_article(&tail));
    // Share and print buttons with what they act on, a read-on link, a related block's heading left
    // without its links, a tag line and a call to follow with the handle.
    for line in [
        "شارك هذا الخبر",
        "نسخة للطباعة",
        "للمزيد اضغط هنا",
        "أخبار ذات صلة",
        "كلمات دلالية: الأمن، الشرطة",
        "لمزيد من الأخبار تابعونا على تويتر @okaz_online",
    ] {
        check(line, &under_article(&[('f', line)]));
    }
    // A breadcrumb trail and a relative time at the top.
    let rows = [
        row('f', "الرئيسية > أخبار > محليات"),
        row('f', "منذ 3 ساعات"),
        row('t', TITLE),
        row('f', "قراءة: 3 دقائق"),
        row('k', P1),
        row('k', P2),
    ];
    check("a breadcrumb trail and a relative time", &rows);
    // What a button acts on is no button.
    check("the object alone", &under_article(&[('k', "هذا الخبر")]));
    // In brackets, «(انتهى)» closes a quotation; a number alone under prose is the article's.
    check("a quotation's end", &under_article(&[('k', "(انتهى)")]));
    check("a number alone under prose", &under_article(&[('k', "45")]));
    // A footnote that credits a desk, over the paper's credit on the last line.
    let tail = [('f', "* الوحدة الاقتصادية"), ('f', "خاص بـ«الشرق الأوسط»")];
    check("a desk's footnote over the paper's credit", &under_article(&tail));
    // A number in a short line that no contact line heads is the article's.
    check(
        "a number under prose",
        &under_article(&[('k', "بلغ عدد الزوار 4500 زائر")]),
    );
}

/// A title and two paragraphs, then `tail`'s rows.
fn under_article(tail: &[(char, &str)]) -> Vec<(char, String)> {
    let mut rows = vec![row('t', TITLE), row('k', P1), row('k', P2)];
    rows.extend(tail.iter().map(|&(label, text)| row(label, text)));
    rows
}

#[test]
fn a_chorus_sung_again_is_a_repeated_block() {
    let chorus = ["نصراوي والله واعجبك", "قدامي كل يرتبك", "فايز عليك فايز عليك"];
    let mut rows = vec![row('t', TITLE), row('k', P1)];
    rows.extend(chorus.iter().map(|l| row('k', l)));
    rows.push(row('k', "يا حب رابي من الصغر"));
    rows.extend(chorus.iter().map(|l| row('r', l)));
    rows.push(row('k', P2));
    check("chorus", &rows);
    // One short line said twice is no block: it stays.
    let rows = vec![
        row('t', TITLE),
        row('k', P1),
        row('k', "أداء القطاعات"),
        row('k', P2),
        row('k', "أداء القطاعات"),
        row('k', P3),
    ];
    check("a short line twice", &rows);
}

#[test]
fn credit_verbs_name_the_byline_wherever_it_stands_at_the_top() {
    // The top of a page as written, over two paragraphs of the article.
    let page = |top: &[(char, &str)]| -> Vec<(char, String)> {
        let mut rows: Vec<(char, String)> = top.iter().map(|&(label, text)| row(label, text)).collect();
        rows.extend([row('k', P1), row('k', P2)]);
        rows
    };
    // Above the title: the byline (or a credit, which goes), and the title under it.
    check(
        "byline above the title",
        &page(&[('y', "بقلم: الشيخ نزيه مطرجي"), ('t', TITLE)]),
    );
    check(
        "credit above the title",
        &page(&[('D', "مسقط- الرؤية"), ('s', "-"), ('t', TITLE)]),
    );
    // Under a subtitle and a date line: the date line goes (it is no byline), the credit verb's line is
    // the byline.
    let top = [
        ('t', TITLE),
        ('k', "الرافضون لمنطق الصراع والسيطرة"),
        ('D', "تاريخ النشر :15 يونيو 2012"),
        ('y', "بقلم: د. فيصل المحروس*"),
    ];
    check("byline under a subtitle and a date line", &page(&top));
    // A desk is no person: its credit goes.
    let top = [
        ('t', TITLE),
        ('D', "الأربعاء, 11 يوليو 2012"),
        ('D', "كتب محرر الشؤون الرياضية:"),
    ];
    check("a desk's credit", &page(&top));
    // An agency's initials under the title are letters, no one's byline.
    check("an agency's initials", &page(&[('t', TITLE), ('s', "(ا.ف.ب)")]));
    check("an agency's initials, spaced", &page(&[('t', TITLE), ('s', "و م ع")]));
    // A line that signs with a name at its end, after a place, an agency and a date, or a column's name,
    // is the byline though it stands first: no title, or the headline under it is; not a headline's name
    // and quotation.
    check(
        "a dated byline first",
        &page(&[('y', "جدة 24-6-2012 وفا- محمد العمري")]),
    );
    check(
        "a column and its writer over the date and the headline",
        &page(&[
            ('y', "محطــــة : عبد الرحمان مجيد الربيعي"),
            ('D', "الأربعاء 18 جويلية 2012"),
            ('t', TITLE),
        ]),
    );
    check(
        "a headline that quotes",
        &page(&[('t', "الاتحاد البرازيلي: فريد تناول المنشطات")]),
    );
    // An agency's dateline under the title names no one: it goes, and it is no byline.
    check("an agency's dateline", &page(&[('t', TITLE), ('D', "بكين - أ ف ب")]));
    // Under a subtitle and a caption, a place and a paper still credit.
    let top = [
        ('t', TITLE),
        ('k', "الرافضون لمنطق الصراع والسيطرة"),
        ('k', "شعار الدار"),
        ('D', "الدمام: «الشرق الأوسط»"),
    ];
    check("a credit under a subtitle and a caption", &page(&top));
    // A credit verb alone, or a column's name, over a name: the name is the byline.
    check(
        "a credit verb alone",
        &page(&[('t', TITLE), ('k', "بقلم/"), ('y', "طاهر مهيوب الفائشي")]),
    );
    check(
        "a column's name",
        &page(&[('t', TITLE), ('k', "مفازات"), ('y', "ناصر البهدير")]),
    );
    // A date line between the title and a name the lexicon lacks: the name is the byline; a paper's name
    // under the date credits no one.
    check(
        "a name under the date",
        &page(&[('t', TITLE), ('D', "17/04/2012"), ('y', "هفال زاخويي")]),
    );
    let top = [
        ('t', TITLE),
        ('D', "الأربعاء 18 جويلية 2012 الساعة 12:21:02"),
        ('D', "(الشروق)"),
    ];
    check("a paper under the date", &page(&top));
    // A subtitle that repeats the title's words names no one; nor does one with an ellipsis.
    let title = "الاستفتاءات..حقوق الوالدين";
    check(
        "a subtitle echoing the title",
        &page(&[('t', title), ('k', "حقوق الوالدين")]),
    );
    check(
        "a subtitle with an ellipsis",
        &page(&[('t', TITLE), ('k', "موضة تنتشر... وتحذير من الاخصائيين")]),
    );
}

#[test]
fn above_the_title_a_date_line_dates_and_a_name_signs() {
    // A column's name, its date and its writer above the title (the title printed again lower down
    // points at it; one line printed twice stays): the name is the byline, the date line a date line, the column's name goes.
    let rows = [
        row('l', "دهاليز وكواليس سياسية"),
        row('D', "بتاريخ 9-9-1433 هـ"),
        row('y', "عادل البلالي"),
        row('t', TITLE),
        row('k', P1),
        row('k', P2),
        row('k', TITLE),
        row('k', P3),
    ];
    check("column, date and writer above the title", &rows);
    // The page's date over its headline dates the page; a date over prose is the article's title.
    let date = "الخميس 26 جويلية 2012";
    check(
        "date over the headline",
        &[row('D', date), row('t', TITLE), row('k', P1), row('k', P2)],
    );
    check("date over prose", &[row('t', date), row('k', P1), row('k', P2)]);
    // A question's «س» and its answer's «ج» under the title are no byline.
    let rows = [
        row('t', TITLE),
        row('k', "س"),
        row('k', P1),
        row('k', "ج"),
        row('k', P2),
    ];
    check("question and answer marks", &rows);
    // One word under the title (a column's or a paper's name, stretched with tatweel) signs nothing; a
    // word in brackets (a writer's pen name) does; an agency's name is its dateline.
    for (label, line) in [
        ('k', "الــوقـــــــــت"),
        ('k', "المدينة"),
        ('y', "(زائر)"),
        ('D', "رويترز"),
    ] {
        check(line, &[row('t', TITLE), row(label, line), row('k', P1), row('k', P2)]);
    }
}

#[test]
fn a_kicker_over_the_headline_goes_with_it() {
    let kicker = "الرئيس في مقابلة مع صحيفة تركية:";
    check(
        "kicker",
        &[row('t', kicker), row('t', TITLE), row('k', P1), row('k', P2)],
    );
    // A list's heading, a byline or a one-word label ending with a colon is no kicker: the heading goes
    // (the line under it is the title), the byline is named, the label stays, and under those two the
    // line is no title (as before kickers).
    let firsts = [
        ('l', "اقرأ أيضا:", 't'),
        ('y', "القاهرة – مكتب الجزيرة – ياسين عبد العليم:", 'k'),
        ('k', "المكونات:", 'k'),
    ];
    for (label, first, under) in firsts {
        check(
            first,
            &[row(label, first), row(under, TITLE), row('k', P1), row('k', P2)],
        );
    }
    // A column's one-word name over the headline goes with it; a poem's one-word title over its verses is
    // the title, and the verses stay.
    check(
        "a column's name",
        &[
            row('t', "رؤى"),
            row('t', "سحر الصورة وجنائزيتها"),
            row('k', P1),
            row('k', P2),
        ],
    );
    check(
        "a poem's title",
        &[
            row('t', "وطني"),
            row('k', "يا موطن الأحرار يا أرض الهوى"),
            row('k', "فيك الصبا والحب والأحلام"),
            row('k', "ولك القلوب إذا دعوت فداء"),
        ],
    );
}

/// A whole page's text: `title` (its `<title>`), a menu, the headline «New bridge to open in spring»,
/// `above` (lines under it), an article of three paragraphs, `below` (lines closing it), a footer; with what
/// detection decided on it.
fn whole_page(title: &str, above: &[&str], below: &[&str]) -> (String, Decisions) {
    let menu = ["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact us"];
    let footer = [
        "Share", "Tweet", "Email", "Related", "About", "Privacy", "Terms", "Careers",
    ];
    let prose = "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work on its foundations.";
    let article = [
        prose.to_string(),
        format!("{prose} It will carry four lanes."),
        format!("{prose} It was delayed by floods."),
    ];
    let mut all: Vec<String> = vec![title.to_string()];
    all.extend(menu.iter().map(|l| l.to_string()));
    all.push("New bridge to open in spring".into());
    all.extend(above.iter().map(|l| l.to_string()));
    all.extend(article);
    all.extend(below.iter().map(|l| l.to_string()));
    all.extend(footer.iter().map(|l| l.to_string()));
    let text = all.join("\n") + "\n";
    let lines = split::lines(&text);
    let d = detect(&text, &lines, &CleanOptions::default(), &super::Known::default());
    (text, d)
}

/// The label of the first line of `text` that starts with `needle`.
fn label_of(text: &str, d: &Decisions, needle: &str) -> Option<Reason> {
    let i = text.lines().position(|l| l.starts_with(needle));
    i.and_then(|i| d.labels[i])
}

#[test]
fn a_whole_pages_article_block_loses_its_date_lines() {
    let (text, d) = whole_page(
        "New bridge to open in spring | Daily Paper",
        &["Mon Jan 9, 2012 5:13pm EST"],
        &["Source: Daily Paper 09/01/12-17:13"],
    );
    assert_eq!(label_of(&text, &d, "Mon Jan 9"), Some(Reason::Dateline));
    assert_eq!(label_of(&text, &d, "Source: Daily Paper"), Some(Reason::Footer));
    assert_eq!(label_of(&text, &d, "The council"), None);
}

#[test]
fn a_whole_pages_headline_stays_though_it_repeats_the_title() {
    // The `<title>` is the headline word for word: the headline over the article is the record's title and
    // the article's first line; the `<title>` goes with the page's furniture.
    let (text, d) = whole_page("New bridge to open in spring", &[], &[]);
    let headline = text
        .lines()
        .skip(1)
        .position(|l| l == "New bridge to open in spring")
        .map(|h| h + 1);
    assert_eq!(d.title, headline);
    assert_eq!(headline.map(|h| d.labels[h]), Some(None), "{:?}", d.labels);
    assert_eq!(d.labels[0], Some(Reason::Navigation));
    // A trail of links that ends with the headline is no headline.
    let (text, d) = whole_page("New bridge to open in spring - Daily Paper", &[], &[]);
    let text = text.replacen(
        "Contact us\n",
        "Contact us\nDaily Paper » News » New bridge to open in spring\n",
        1,
    );
    let lines = split::lines(&text);
    let d2 = detect(&text, &lines, &CleanOptions::default(), &super::Known::default());
    let title = d2.title.map(|t| text.lines().nth(t));
    assert_eq!(title, Some(Some("New bridge to open in spring")), "{:?}", d.title);
}

#[test]
fn a_whole_pages_title_is_no_menu_item() {
    // A `<title>` that names only the site: the headline right over the article, past its byline and its
    // date, is the title, not a menu's item, and it stays in the text.
    let (text, d) = whole_page("Daily Paper", &["By Maria Lopez", "14 March 2012"], &[]);
    let headline = text.lines().position(|l| l == "New bridge to open in spring");
    assert_eq!(d.title, headline, "{:?}", d.title.map(|t| text.lines().nth(t)));
    assert_eq!(headline.map(|h| d.labels[h]), Some(None));
    // Past a bar of the page's tools too, and a Chinese reporter's credit.
    let (text, d) = whole_page(
        "Daily Paper",
        &[
            "Bookmark |",
            "Email a friend | Print this page | Report",
            "◎ 記者林和謙/採訪報導",
        ],
        &[],
    );
    let headline = text.lines().position(|l| l == "New bridge to open in spring");
    assert_eq!(d.title, headline, "{:?}", d.title.map(|t| text.lines().nth(t)));
    let credit = text.lines().position(|l| l.contains("記者"));
    assert_eq!(d.byline, credit);
}

#[test]
fn a_whole_pages_article_block_loses_its_closing_copyright_notice() {
    let notice = "Copyright 2012 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.";
    let reprints =
        "For more information about reprints and permissions, visit our pages of questions and the answers to them.";
    let (text, d) = whole_page("New bridge to open in spring | Daily Paper", &[], &[notice, reprints]);
    assert_eq!(label_of(&text, &d, "Copyright 2012"), Some(Reason::Footer));
    assert_eq!(
        label_of(&text, &d, "For more information"),
        Some(Reason::Footer),
        "what follows the notice"
    );
    assert_eq!(label_of(&text, &d, "The council"), None);
}

#[test]
fn an_extracted_articles_headline_stays_and_the_short_lines_above_it_go() {
    // An HTML extractor's article: a breadcrumb and a kicker it kept above the headline, a lead above it
    // (some pages show one there), the headline (the record's title), a date, the body, and a link to
    // the article in a list under it.
    let title = "New bridge to open in spring";
    let lead = "The harbour's second bridge will carry its first cars in April, two years after the work began.";
    let body = "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work on its foundations.";
    let more = "Commuters who had taken the long way round through the industrial estate welcomed the news on Tuesday.";
    let text = format!(
        "Home > News > Local\nLOCAL NEWS\n{lead}\n{title}\n14 March 2012\n{body}\n{more}\nMore news\n{title}\n"
    );
    let lines = split::lines(&text);
    let known = super::Known {
        title: Some(title),
        kind: crate::document::TextKind::Extracted,
        ..Default::default()
    };
    let d = detect(&text, &lines, &CleanOptions::default(), &known);
    assert_eq!(d.title, Some(3), "the headline over the body, not its copy in the list");
    assert_eq!(d.labels[3], None, "the headline stays in the text");
    // The breadcrumb goes as a footer wherever it stands; the kicker as the page's navigation.
    assert_eq!(&d.labels[..3], &[Some(Reason::Footer), Some(Reason::Navigation), None]);
    assert_eq!((d.labels[5], d.labels[6]), (None, None));
}

/// Check that every word of a lexicon is written as the normalizer writes it (ا for أ/إ/آ, ه for ة, ي for
/// ى and ئ, و for ؤ, lower case): an entry that is not can never match a line's key.
pub(super) fn assert_normalized(name: &str, words: &[&str]) {
    for w in words {
        assert_eq!(crate::normalize::key(w), *w, "{name}: {w:?} is not written normalized");
    }
}

#[test]
fn a_whole_pages_byline_under_its_headline_names_a_person_beside_a_place() {
    // «الرياض - فهد العتيبي» (a place and a name) between the headline and the article, as "By …" is.
    let (text, d) = whole_page(
        "New bridge to open in spring | Daily Paper",
        &["الرياض - فهد العتيبي"],
        &[],
    );
    let byline = text.lines().position(|l| l == "الرياض - فهد العتيبي");
    assert_eq!(d.byline, byline, "{:?}", d.labels);
    assert_eq!(label_of(&text, &d, "The council"), None);
}
