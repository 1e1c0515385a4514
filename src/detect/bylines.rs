//! Byline detector: the lines of a page that credit a named person, as real sites write them.
//!
//! - «Name – City», «City - Name», «Name – Site» (two or three parts split by a dash, a colon or a bar,
//!   one of them a person's name), in the first lines of the page;
//! - a city beside a name the lexicon lacks («بغداد – اكرام زين العابدين», «الخرطوم / الرفاعي»,
//!   «بغداد-حيدر فليح الربيعي»);
//! - under a subtitle and a caption, a short desk's or place's part and a name with a known given name
//!   («ثقافة اليوم - محمد المرزوقي»), not an office («وزير الصحة - …», «فخامة الرئيس / …»);
//! - a name alone on the page's first line («ناصر الجديع»), or on its second under a subtitle;
//! - a credit verb and a name among the first lines («بقلم: د. فيصل المحروس», «كتب – مهنا القمشوعي -»,
//!   «حاورته: ناهد اوشي»), whatever the name;
//! - a trailing signature «- Name», a name alone, or a credit verb and a name («ت: …»), on the last line;
//! - an author-description footnote on the last line («عضو …», «أستاذ …», "Professor of …");
//! - any line at the top that is the record's `author` field.
//!
//! Credits that name no person leave the text ([`is_credit`]): a place and an agency, a desk or a paper
//! («بكين - أ ف ب», «بغداد-الصباح»). Cities are told by a lexicon of capitals and large cities.
//! A person's name is told by a lexicon of common given names (Arabic, with compounds such as «عبد …»,
//! «أبو …», «… الدين» and «… بن …»), after an optional honorific. The lexicon is generic: no site is named in it.
//! The byline is recorded in the `byline` field; it stays in the text unless `--strip-byline`.

use super::Page;
use crate::document::Reason;
use crate::normalize;

/// Most words a byline may have.
const MAX_WORDS: usize = 8;
/// Most characters a byline may have.
const MAX_CHARS: usize = 80;
/// Most words of an author-description footnote.
const MAX_FOOTNOTE_WORDS: usize = 16;
/// Most words of a subtitle a name alone may stand under.
const MAX_SUBTITLE_WORDS: usize = 12;
/// How many open lines at the top may hold the byline.
pub const TOP_LINES: usize = 2;
/// How many open lines at the top may hold a byline that opens with a credit verb (under a subtitle, a
/// dateline, a caption).
const MARKED_LINES: usize = 6;
/// Most words of the name after a credit verb.
const MAX_MARKED_WORDS: usize = 6;

/// Normalized words that open a byline: a credit verb, «by», the name after it («بقلم: …», «كتب – …»,
/// «حاورته: …», «إعداد: …», "By …"). Each is a common word too («كتب» are books, «متابعة» a follow-up),
/// so the name must follow a separator, or read as a name; «بقلم» and "by" need neither.
const MARKERS: &[&str] = &[
    "بقلم",
    "كتب",
    "كتبت",
    "كتبه",
    "كتبها",
    "حاوره",
    "حاورته",
    "حاورها",
    "حاورهم",
    "اعداد",
    "اعدته",
    "اعده",
    "اعدها",
    "متابعه",
    "ترجمه",
    "تقديم",
    "تحرير",
    "تصوير",
    "تقرير",
    "استطلاع",
    "by",
];
/// Normalized verbs of holding an interview («أجرى», «أجرت», «أجراه»), and what was held («الحوار», «اللقاء»,
/// «المقابلة»): the two words together open a byline as a credit verb does.
const INTERVIEW_VERBS: &[&str] = &["اجري", "اجرت", "اجراه", "اجرته", "اجراها"];
const INTERVIEWS: &[&str] = &["الحوار", "اللقاء", "المقابله"];
/// Of those, the ones that need no separator before the name...
const PLAIN_MARKERS: &[&str] = &["بقلم", "by"];
/// ...and the ones that head a section as often («تقرير: أزمة السكن», «متابعة: الدوري», «استطلاع: …»): the
/// name after them must read as a name.
const HEADING_MARKERS: &[&str] = &["تقرير", "متابعه", "استطلاع"];

/// Honorifics and credit words that may come before a name (normalized).
const HONORIFICS: &[&str] = &[
    "د",
    "دكتور",
    "الدكتور",
    "ا",
    "استاذ",
    "الاستاذ",
    "م",
    "المهندس",
    "مهندس",
    "الشيخ",
    "بقلم",
    "كتب",
    "كتبت",
    "تقرير",
    "اعداد",
    "حوار",
    "تصوير",
    "dr",
    "by",
    "prof",
    "mr",
    "ms",
];

/// Common given names (normalized: ا for أ/إ/آ, ه for ة, ي for ى). Generic across Arab countries.
const GIVEN_NAMES: &[&str] = &[
    "محمد",
    "احمد",
    "محمود",
    "مصطفي",
    "علي",
    "حسن",
    "حسين",
    "عمر",
    "عثمان",
    "خالد",
    "سعد",
    "سعود",
    "سعيد",
    "فهد",
    "فيصل",
    "سلطان",
    "سلمان",
    "سليمان",
    "صالح",
    "ناصر",
    "منصور",
    "ماجد",
    "مشاري",
    "بدر",
    "بندر",
    "تركي",
    "طلال",
    "عادل",
    "عماد",
    "فارس",
    "فواز",
    "نايف",
    "نواف",
    "هاني",
    "هشام",
    "وليد",
    "ياسر",
    "يوسف",
    "يحيي",
    "ابراهيم",
    "اسماعيل",
    "اسامه",
    "ايمن",
    "انس",
    "امين",
    "باسم",
    "بشير",
    "جمال",
    "جابر",
    "حامد",
    "حمد",
    "حمود",
    "حمزه",
    "خليل",
    "راشد",
    "رامي",
    "رياض",
    "زياد",
    "زكي",
    "سامي",
    "سالم",
    "سامر",
    "سمير",
    "شريف",
    "طارق",
    "عاطف",
    "عامر",
    "عايض",
    "عبيد",
    "عصام",
    "عوض",
    "غالب",
    "غازي",
    "فايز",
    "فراس",
    "فتحي",
    "فريد",
    "قاسم",
    "كريم",
    "كمال",
    "لوي",
    "مازن",
    "مالك",
    "مجدي",
    "مراد",
    "مروان",
    "مساعد",
    "مشعل",
    "معاذ",
    "مهند",
    "موسي",
    "نبيل",
    "نادر",
    "نزار",
    "نبيه",
    "هيثم",
    "وايل",
    "ياسين",
    "يزيد",
    "رايد",
    "جاسر",
    "جاسم",
    "حازم",
    "حسام",
    "رشيد",
    "زيد",
    "سعدون",
    "صلاح",
    "ضياء",
    "ضيا",
    "عاصم",
    "عدنان",
    "عزيز",
    "عيسي",
    "فادي",
    "فواد",
    "لطفي",
    "ماهر",
    "مبارك",
    "متعب",
    "محسن",
    "مختار",
    "مرعي",
    "مسعود",
    "معتز",
    "منير",
    "نجيب",
    "نصر",
    "نعيم",
    "هادي",
    "هلال",
    "وجدي",
    "وحيد",
    "توفيق",
    "ثامر",
    "جلال",
    "حاتم",
    "حافظ",
    "حمدي",
    "رضا",
    "سيف",
    "شادي",
    "صابر",
    "صبري",
    "ظافر",
    "عارف",
    "عبود",
    "عطيه",
    "غسان",
    "فاضل",
    "فالح",
    "كامل",
    "مومن",
    "نشات",
    "هاشم",
    "وسام",
    "يونس",
    "بسام",
    "تامر",
    "جميل",
    "حبيب",
    "راضي",
    "سلامه",
    "شاكر",
    "ظاهر",
    "عوده",
    "مفلح",
    "مقبل",
    "مطلق",
    "مشعان",
    "دخيل",
    "ضيف",
    "عبده",
    "حميد",
    "عقيل",
    "نجم",
    "حيدر",
    "كاظم",
    "شوقي",
    "عمار",
    "اكرم",
    "ايهاب",
    "جواد",
    "حمدان",
    "رضوان",
    "زهير",
    "سامح",
    "سهيل",
    "شكيب",
    "صفوان",
    "عباس",
    "عدي",
    "عزت",
    "علاء",
    "عمرو",
    "قيس",
    "مدحت",
    "معين",
    "منذر",
    "مهدي",
    "نوري",
    "وضاح",
    "يعقوب",
    "جورج",
    "انطوان",
    "ميشال",
    "ميشيل",
    "بيار",
    "الياس",
    "منيف",
    "صادق",
    "وجيه",
    "رفيق",
    "رفعت",
    "رمضان",
    "شعبان",
    "مجيد",
    "رشاد",
    "شهاب",
    "نضال",
    "نعمان",
    "بلال",
    "جعفر",
    "حكمت",
    "حماده",
    "خضر",
    "خميس",
    "رجب",
    "سليم",
    "شاهر",
    "صبحي",
    "صقر",
    "عابد",
    "عرفان",
    "عفيف",
    "علوان",
    "عمران",
    "عوني",
    "غانم",
    "فرحان",
    "فوزي",
    "قحطان",
    "مامون",
    "مرزوق",
    "معاويه",
    "ممدوح",
    "موفق",
    "ناجي",
    "ناظم",
    "نايل",
    "نديم",
    "نصار",
    "همام",
    "وديع",
    "وصفي",
    "يسري",
    "حسان",
    "حارث",
    "حيان",
    "خلدون",
    "راجي",
    "صهيب",
    "طلعت",
    "عزام",
    "غياث",
    "كنان",
    "ليث",
    "مثني",
    "مهيب",
    "نوفل",
    "وسيم",
    "يامن",
    "اياد",
    "انور",
    "اسعد",
    "اشرف",
    "بكري",
    "حسني",
    "حلمي",
    "خيري",
    "رامز",
    "رافت",
    "رشدي",
    "رمزي",
    "زكريا",
    "صدقي",
    "عزمي",
    "فكري",
    "محروس",
    "مسعد",
    "منتصر",
    "ادريس",
    "قصي",
    "مهنا",
    "باسل",
    "مويد",
    "نبهان",
    // Women's names.
    "فاطمه",
    "عايشه",
    "مريم",
    "نوره",
    "نوف",
    "ساره",
    "هند",
    "ريم",
    "رغد",
    "داليا",
    "دانه",
    "سلوي",
    "حنان",
    "لجين",
    "منال",
    "مني",
    "نجلاء",
    "هيفاء",
    "هيا",
    "امل",
    "اسماء",
    "ايمان",
    "بشري",
    "جميله",
    "خديجه",
    "رانيا",
    "رشا",
    "ريهام",
    "زينب",
    "سعاد",
    "سميره",
    "سهام",
    "شيماء",
    "عبير",
    "علياء",
    "غاده",
    "فدوي",
    "لبني",
    "ليلي",
    "لمياء",
    "مها",
    "منيره",
    "ميساء",
    "نادين",
    "ناديه",
    "نهي",
    "هاله",
    "هدي",
    "هناء",
    "وفاء",
    "ياسمين",
    "اريج",
    "اميره",
    "بسمه",
    "جواهر",
    "حصه",
    "دلال",
    "رحاب",
    "روان",
    "سحر",
    "شروق",
    "عزه",
    "لولوه",
    "مشاعل",
    "نوال",
    "هبه",
    "وعد",
    "افنان",
    "الاء",
    "بدور",
    "حلا",
    "رهف",
    "شهد",
    "نرمين",
    "لميس",
    "نجاه",
    "خوله",
    "ميسون",
    "رزان",
    "ريما",
    "رنا",
    "لينا",
    "دينا",
    "سلمي",
    "سوسن",
    "هديل",
    "ماجده",
    "نسرين",
    "سكينه",
    "فضيله",
    "ساميه",
    "مديحه",
    "نبيله",
    "فريده",
    "نجوي",
    "كريمه",
    "نعيمه",
    "حليمه",
    "رقيه",
    "صفيه",
    "وداد",
    "ابتسام",
    "بثينه",
    "خلود",
    "سناء",
    "سهي",
    "شذي",
    "فايزه",
    "فوزيه",
    "كوثر",
    "لطيفه",
    "مروه",
    "هنادي",
    "زلفي",
    "نديمه",
    "ايناس",
    "رولا",
    "رهام",
    "سوزان",
    "عبله",
    "هيام",
    "ويام",
    "سميه",
    "ناهد",
    "نرجس",
    "اسيل",
    "ديما",
    "سهير",
    "نهله",
    "امينه",
    "فاديه",
    // Latin-script given names that open many English bylines.
    "john",
    "david",
    "michael",
    "james",
    "robert",
    "mary",
    "sarah",
    "anna",
    "peter",
    "paul",
    "mark",
    "thomas",
];

/// Words that open an author-description footnote (normalized).
const POSITIONS: &[&str] = &[
    "عضو",
    "رييس",
    "استاذ",
    "كاتب",
    "كاتبه",
    "متخصص",
    "متخصصه",
    "مستشار",
    "مستشاره",
    "باحث",
    "باحثه",
    "محلل",
    "اكاديمي",
    "اعلامي",
    "اعلاميه",
    "خبير",
    "مدير",
    "ماجستير",
    "دكتوراه",
    "محاضر",
    "موفد",
    "موفده",
    "استشاري",
    "استشاريه",
    "professor",
    "lecturer",
    "writer",
    "author",
    "columnist",
    "analyst",
    "researcher",
];

/// Offices a caption or a salutation names before a person (normalized, without «ال»).
const OFFICES: &[&str] = &[
    "وزير",
    "وزيره",
    "مدير",
    "مديره",
    "محافظ",
    "امير",
    "سفير",
    "نايب",
    "قايد",
    "ملك",
    "رييس",
];

/// Normalized names of news agencies and words of a desk's or a site's credit: what the top of an article
/// credits when no person signs it («بكين - أ ف ب», «بيروت / وكالات», «النبأ - المحرر الاقتصادي»,
/// «دبي – العربية نت»). Generic: agencies that serve many papers, no paper's own name.
pub const AGENCY_WORDS: &[&str] = &[
    "وكالات",
    "وكاله",
    "الوكاله",
    "وال",
    "معا",
    "سبانت",
    "واس",
    "رويترز",
    "متابعات",
    "متابعه",
    "خاص",
    "الاناضول",
    "سبوتنيك",
    "يونا",
    "قنا",
    "وام",
    "بنا",
    "كونا",
    "سانا",
    "وفا",
    "بترا",
    "سبا",
    "واع",
    "واج",
    "وات",
    "سونا",
    "لانا",
    "ايرنا",
    "شينخوا",
    "برس",
    "نيوز",
    "اونلاين",
    "المحرر",
    "محرر",
    "التحرير",
    "نت",
    "بوابه",
    "afp",
    "reuters",
    "ap",
    "dpa",
    "upi",
    "xinhua",
    "news",
];
/// Normalized names of capitals and large cities, Arab and world: where a credit or a byline is dated
/// («بغداد - الصباح», «الخرطوم / الرفاعي»). Generic: no paper's own place.
const PLACES: &[&str] = &[
    "ابها",
    "ابوظبي",
    "اثينا",
    "اربد",
    "اربيل",
    "اريحا",
    "اسطنبول",
    "اسوان",
    "اكادير",
    "الاحساء",
    "الاسكندريه",
    "الاسماعيليه",
    "الاقصر",
    "الانبار",
    "البصره",
    "الجزاير",
    "الجيزه",
    "الحديده",
    "الخرطوم",
    "الخليل",
    "الدمام",
    "الدوحه",
    "الرباط",
    "الرياض",
    "الزرقاء",
    "السليمانيه",
    "السويس",
    "الشارقه",
    "الطايف",
    "العقبه",
    "الفاتيكان",
    "الفجيره",
    "القاهره",
    "القدس",
    "القطيف",
    "الكويت",
    "اللاذقيه",
    "المدينه",
    "المكلا",
    "المنامه",
    "المنصوره",
    "الموصل",
    "النجف",
    "امستردام",
    "انجامينا",
    "انقره",
    "اوتاوا",
    "اوسلو",
    "باريس",
    "باماكو",
    "بانكوك",
    "برازيليا",
    "برلين",
    "بروكسل",
    "بريده",
    "بغداد",
    "بكين",
    "بنغازي",
    "بورتسودان",
    "بورسعيد",
    "بيروت",
    "تبوك",
    "تعز",
    "تورنتو",
    "تونس",
    "جازان",
    "جاكرتا",
    "جده",
    "جنيف",
    "جنين",
    "جوهانسبرغ",
    "جيبوتي",
    "حايل",
    "حلب",
    "حماه",
    "حمص",
    "داكار",
    "دبي",
    "درعا",
    "دكا",
    "دلهي",
    "دمشق",
    "رفح",
    "روما",
    "زحله",
    "ستوكهولم",
    "سنغافوره",
    "سوسه",
    "سيدني",
    "سيول",
    "صفاقس",
    "صلاله",
    "صنعاء",
    "صيدا",
    "طرابلس",
    "طنجه",
    "طنطا",
    "طهران",
    "طوكيو",
    "طولكرم",
    "عجمان",
    "عدن",
    "عمان",
    "عنابه",
    "غزه",
    "فاس",
    "فيينا",
    "قسنطينه",
    "كابول",
    "كراتشي",
    "كربلاء",
    "كركوك",
    "كوالالمبور",
    "كوبنهاغن",
    "كييف",
    "لاغوس",
    "لاهور",
    "لشبونه",
    "لندن",
    "مانيلا",
    "مدريد",
    "مراكش",
    "مسقط",
    "مصراته",
    "مقديشو",
    "مكناس",
    "مكه",
    "موسكو",
    "مونتريال",
    "نابلس",
    "نجران",
    "نزوي",
    "نواكشوط",
    "نيالا",
    "نيامي",
    "نيروبي",
    "نيويورك",
    "وارسو",
    "واشنطن",
    "وهران",
    "ينبع",
    "رام الله",
    "بيت لحم",
    "ام درمان",
    "الدار البيضاء",
    "ابو ظبي",
    "شرم الشيخ",
    "اسلام اباد",
    "نيو دلهي",
    "لوس انجلوس",
    "هونغ كونغ",
    "اديس ابابا",
    "بوينس ايرس",
    "كيب تاون",
    "المدينه المنوره",
    "مكه المكرمه",
];
/// Most words of a credit, of its agency's (desk's, paper's) part, and of its place.
const MAX_CREDIT_WORDS: usize = 7;
const MAX_CREDIT_PART_WORDS: usize = 3;
const MAX_PLACE_WORDS: usize = 2;
/// Most words of what stands beside a name in a byline («عين اليوم», «New York Daily News»), unless it
/// opens with a position.
const MAX_BESIDE_WORDS: usize = 4;

/// The first words of given names of the form «… الدين» (normalized): «عز الدين», «نور الدين».
const DIN_NAMES: &[&str] = &[
    "عز",
    "نور",
    "صلاح",
    "سيف",
    "علاء",
    "بهاء",
    "جمال",
    "نصر",
    "خير",
    "شمس",
    "محيي",
    "تقي",
    "بدر",
    "عماد",
    "زين",
    "وجيه",
    "حسام",
    "ضياء",
    "فخر",
    "كمال",
    "شرف",
    "سعد",
    "نجم",
    "عصام",
    "ناصر",
    "برهان",
    "شهاب",
    "صدر",
    "محي",
];

/// Normalized words that name Arab papers the world over and no family («الوطن», «الحياة», «الأهرام», «المدى»):
/// beside a city or a given name they make a paper's credit («بغداد / المدى», «غزة - دنيا الوطن»), not a
/// person's name. («الصباح» names a family too, and is left out.)
const PAPER_WORDS: &[&str] = &[
    "الوطن",
    "الحياه",
    "الشرق",
    "الايام",
    "الراي",
    "الغد",
    "النهار",
    "الاخبار",
    "الجمهوريه",
    "الاهرام",
    "الدستور",
    "الشروق",
    "المدي",
    "البيان",
    "الاتحاد",
    "الخليج",
    "الثوره",
    "البعث",
    "الوسط",
    "اليوم",
];

/// Normalized adjectives of the «ال…ي» form that name a desk, a section or a paper («الرياضي», «المحرر
/// الاقتصادي»), not a family: beside a city such a word is a paper's or a desk's credit («الرياضي ـ جدة»),
/// not a person's. Family names that are also adjectives («العربي», «الشهري», «العلمي») are left out.
const DESK_ADJECTIVES: &[&str] = &[
    "الرياضي",
    "الاقتصادي",
    "الثقافي",
    "السياسي",
    "الفني",
    "المحلي",
    "الدولي",
    "العالمي",
    "الاعلامي",
    "الاخباري",
    "الطبي",
    "الصحي",
    "الاجتماعي",
    "التعليمي",
    "العقاري",
    "التقني",
    "الرقمي",
    "الالكتروني",
    "اليومي",
    "الاسبوعي",
];

/// Common words that never stand in a name (normalized).
const NOT_IN_NAMES: &[&str] = &[
    "في", "من", "علي", "الي", "عن", "مع", "هذا", "هذه", "التي", "الذي", "ان", "قال", "يقول", "هو", "هي", "او", "ثم",
    "كل", "بعد", "قبل", "عند", "حتي", "لا", "بلا", "ما", "لم", "لن", "قد", "يا", "the", "of", "and", "in",
];

/// Which shape made a line a byline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The record's `author` field.
    Author,
    /// «Name – City», «City - Name», «Name – Site».
    NameAndPlace,
    /// A name alone on the first line.
    Name,
    /// «بقلم: Name», «كتب – Name -» in the first lines.
    Marked,
    /// «- Name», or a name alone, on the last line.
    Signature,
    /// «عضو … - رئيس …» on the last line.
    Footnote,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Author => "author field",
            Shape::NameAndPlace => "name and place",
            Shape::Name => "name alone",
            Shape::Marked => "credit verb and name",
            Shape::Signature => "signature",
            Shape::Footnote => "author description",
        }
    }
}

/// Find the page's byline among the lines no earlier detector removed. `author` is the record's field.
pub fn detect(
    page: &Page,
    labels: &[Option<Reason>],
    title: Option<usize>,
    author: Option<&str>,
) -> Option<(usize, Shape)> {
    let open: Vec<usize> = (0..page.len())
        .filter(|&i| page.is_content(i) && page.words[i] > 0 && labels[i].is_none() && Some(i) != title)
        .collect();
    if open.len() < 2 {
        return None;
    }
    let author = author.map(normalize::key).filter(|a| !a.is_empty());
    for (rank, &i) in open.iter().take(TOP_LINES).enumerate() {
        let (line, key, words) = (page.line(i), page.key(i), page.words[i]);
        if words > MAX_WORDS || line.chars().count() > MAX_CHARS || ends_sentence(line) || has_ellipsis(line) {
            continue;
        }
        if let Some(a) = &author {
            if key == a || (a.split(' ').count() >= 2 && words <= a.split(' ').count() + 4 && contains_words(key, a)) {
                return Some((i, Shape::Author));
            }
        }
        let parts = parts(line);
        if name_beside(&parts) {
            return Some((i, Shape::NameAndPlace));
        }
        // A city and a name the lexicon lacks: «بغداد – اكرام زين العابدين», «الخرطوم / الرفاعي»; a hyphen
        // between letters splits them too when one side is a city («بغداد-حيدر فليح الربيعي»).
        let parts_at_hyphens = || {
            split_parts(line, true)
                .into_iter()
                .map(|(key, _)| key)
                .collect::<Vec<_>>()
        };
        let by_place = |parts: &[String]| matches!(parts, [a, b] if beside_city(a, b, is_name_by_place));
        if by_place(&parts) || (parts.len() == 1 && by_place(&parts_at_hyphens())) {
            return Some((i, Shape::NameAndPlace));
        }
        // A name alone: on the first line, or on the second under a subtitle (not under a paragraph or a
        // list item, not a quote's «قول المتنبي:»).
        let under_subtitle = || {
            let above = open[0];
            page.words[above] <= MAX_SUBTITLE_WORDS && super::lists::bullet_len(page.line(above)).is_none()
        };
        let alone = rank == 0 || (!line.trim_end().ends_with([':', '：']) && under_subtitle());
        if alone && parts.len() == 1 && words <= 4 && !quoted(line) && is_name(&parts[0]) {
            return Some((i, Shape::Name));
        }
        // A wire story's «من» and a name on its first line, a given name the lexicon knows first («من خالد
        // المطيري»; not a caption's «من معايدة بلدية الزلفي»).
        let from = parts.first().and_then(|p| p.strip_prefix("من "));
        let given_first = |name: &str| is_name(name) && name.split(' ').next().is_some_and(is_given_name);
        if rank == 0 && parts.len() == 1 && words <= 5 && from.is_some_and(given_first) {
            return Some((i, Shape::Marked));
        }
        // A title and a name the lexicon may lack: «د. مشهور فواز», «الأستاذ / الحسن ولد محمد».
        if alone && words <= 6 && is_titled_name(key) {
            return Some((i, Shape::Name));
        }
    }
    if let Some(&i) = open
        .iter()
        .take(MARKED_LINES)
        .find(|&&i| credited(page.line(i), page.key(i)) == Some(Credited::Person))
    {
        return Some((i, Shape::Marked));
    }
    // A name right over the writer's email: «محمد احمد الصباحي», then «Alsabahe2004@hotmail.com».
    let over_email = |i: usize| {
        (i + 1..page.len())
            .find(|&j| page.is_content(j))
            .is_some_and(|j| super::footer::is_email_line(page.line(j)))
    };
    if let Some(&i) = open
        .iter()
        .take(MARKED_LINES)
        .find(|&&i| page.words[i] <= 4 && !ends_sentence(page.line(i)) && is_name(page.key(i)) && over_email(i))
    {
        return Some((i, Shape::Name));
    }
    // Under a subtitle and a caption: a desk's or a place's short part and a name whose given name the
    // lexicon reads («ثقافة اليوم - محمد المرزوقي», «صور ـ بلال العمري»; not «فخامة الرئيس / عبدالفتاح …»,
    // a letter's salutation, nor «- ثانيا: حل قصير المدى», a heading).
    let desk_and_name = |name: &str, other: &str| {
        let given = name
            .split(' ')
            .find(|w| !HONORIFICS.contains(w))
            .is_some_and(is_given_name);
        let other: Vec<&str> = other.split(' ').collect();
        given && is_name(name) && other.len() <= 2 && !other.iter().any(|w| is_office(w))
    };
    if let Some(&i) = open.iter().take(MARKED_LINES).skip(TOP_LINES).find(|&&i| {
        // The cheap checks first: most lines are paragraphs, too long to split into parts.
        let line = page.line(i);
        page.words[i] <= MAX_WORDS
            && !ends_sentence(line)
            && super::lists::bullet_len(line).is_none()
            && matches!(parts(line).as_slice(), [a, b] if desk_and_name(a, b) || desk_and_name(b, a))
    }) {
        return Some((i, Shape::NameAndPlace));
    }
    let &last = open.last()?;
    let (line, words) = (page.line(last), page.words[last]);
    if is_wire_credit(page.key(last), words) {
        return Some((last, Shape::Marked));
    }
    // «- Name», or the name alone, on the last line (after any mark: «{ د. نفيسة إقبال محمد»), or after a
    // credit verb and its separator («ت: عادل بدر سليمان», a translator's; «إعداد - …»).
    let rest = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let rest = rest
        .split_once([':', '/', '-', '–', 'ـ'])
        .filter(|(verb, _)| {
            let verb = normalize::key(verb);
            verb == "ت" || MARKERS.contains(&verb.as_str())
        })
        .map_or(rest, |(_, name)| name);
    let key = normalize::key(rest);
    if words <= 6 && !ends_sentence(line) && ((words <= 5 && is_name(&key)) || is_titled_name(&key)) {
        return Some((last, Shape::Signature));
    }
    let first_word = page.key(last).split(' ').next().unwrap_or_default();
    if words <= MAX_FOOTNOTE_WORDS && !ends_sentence(line) && POSITIONS.contains(&first_word) {
        return Some((last, Shape::Footnote));
    }
    None
}

/// Whether one short line credits a person by itself, wherever it stands: a credit verb and a name
/// («بقلم: د. فيصل المحروس»), or a name beside a place or a site («الرياض - فهد العتيبي»). A whole page's
/// byline under its headline is looked for with this.
pub fn names_person(line: &str, key: &str, words: usize) -> bool {
    if credited(line, key) == Some(Credited::Person) || is_cjk_credit(line) || is_wire_credit(key, words) {
        return true;
    }
    if words > MAX_WORDS || line.chars().count() > MAX_CHARS || ends_sentence(line) {
        return false;
    }
    name_beside(&parts(line))
}

/// Two or three parts of a line, one of them a person's name, the others short or a position: «عمر إبراهيم
/// – عين اليوم», «حامد القرشى – جدة», «محمد ولد حمدو: كاتب وصحفي موريتاني»; not a headline's name and quote
/// («سعيد الناجي: صوت المثقف صدى نبض المجتمع»).
fn name_beside(parts: &[String]) -> bool {
    (2..=3).contains(&parts.len())
        && parts.iter().any(|p| is_name(p) || is_from_name(p))
        && parts
            .iter()
            .filter(|p| !is_name(p) && !is_from_name(p))
            .all(|p| beside(p))
}

/// Whether a normalized part is «من» and a name, as a wire story's credit gives its writer («لندن ـ «القدس
/// العربي» ـ من أحمد المصري:»).
fn is_from_name(part: &str) -> bool {
    part.strip_prefix("من ").is_some_and(is_name)
}

/// Whether a part of a line may stand beside a name in a byline: a few words (a date's numbers aside:
/// «جدة 24-6-2012 وفا»), or words that open with a position, or close with a credit verb («Next Previous
/// رصد وتصوير: رغد عشميل»).
fn beside(part: &str) -> bool {
    let credit_verb = |w: &str| MARKERS.contains(&w.strip_prefix('و').unwrap_or(w));
    unnumbered(part).count() <= MAX_BESIDE_WORDS
        || part.split(' ').next().is_some_and(is_office)
        || part.split(' ').next_back().is_some_and(credit_verb)
}

/// A part's words other than numbers (a date's: «جدة 24 6 2012 وفا»).
fn unnumbered(part: &str) -> impl Iterator<Item = &str> {
    part.split(' ').filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
}

/// The words for a reporter in Chinese (traditional and simplified).
const CJK_REPORTERS: &[&str] = &["記者", "记者"];

/// What a Chinese credit's place may end with: reported, photographed, interviewed.
const CJK_REPORTED: &[&str] = &["報導", "报道", "報道", "攝影", "摄影", "採訪", "采访", "攝", "摄"];

/// Whether a line is a Chinese reporter's credit: the word for a reporter (after a paper's or a role's few
/// characters: «文/», «編譯/», «快報»), then a name of two to four characters set apart by a space
/// («編譯/記者 楊錚», «□快報記者 劉峻»), or a name, a slash and what was done where («記者陳鈞凱／台北報導»,
/// «◎ 記者林和謙/採訪報導», «記者陳立凱／攝影»). Not a sentence («记者：这次评级下调…», «記者調查»).
pub fn is_cjk_credit(line: &str) -> bool {
    // The reporter's word first: most lines hold none, and are left with one search.
    if !CJK_REPORTERS.iter().any(|r| line.contains(r)) {
        return false;
    }
    let line = line.trim_matches(|c: char| c.is_whitespace() || !c.is_alphanumeric() && !matches!(c, '/' | '／'));
    if line.chars().count() > 24 || line.contains(['，', '。', '：', ':', '？', '、', ',']) {
        return false;
    }
    let Some((before, after)) = CJK_REPORTERS.iter().find_map(|r| line.split_once(r)) else {
        return false;
    };
    let cjk_name = |name: &str| (2..=4).contains(&name.chars().count()) && name.chars().all(normalize::is_cjk);
    if before.chars().count() > 6
        || !before
            .chars()
            .all(|c| normalize::is_cjk(c) || matches!(c, '/' | '／' | ' '))
    {
        return false;
    }
    if let Some(name) = after.strip_prefix([' ', '\u{3000}']) {
        return cjk_name(name.trim());
    }
    match after.split_once(['/', '／']) {
        Some((name, done)) => {
            let done = done.trim();
            cjk_name(name.trim())
                && done.chars().count() <= 8
                && done.chars().all(normalize::is_cjk)
                && CJK_REPORTED.iter().any(|r| done.ends_with(r))
        }
        None => false,
    }
}

/// Whether a star footnote describes the writer by a position («* خبير متخصص في تكرير وتسويق النفط», «* كاتب
/// وباحث اقتصادي»): the byline's own line, not a desk's credit («* وحدة التقارير الاقتصادية»).
pub fn describes_writer(key: &str) -> bool {
    key.split(' ')
        .next()
        .is_some_and(|w| POSITIONS.contains(&w.strip_prefix("ال").unwrap_or(w)))
}

/// Whether a line credits a wire story's reporters and editors («(Reporting by John Smith; Editing by Jane
/// Doe)», «Additional reporting by Mary Jones»): named people, whatever else it says.
pub fn is_wire_credit(key: &str, words: usize) -> bool {
    words <= 30
        && [
            "reporting by ",
            "additional reporting by ",
            "writing by ",
            "compiled by ",
        ]
        .iter()
        .any(|lead| key.starts_with(lead))
}

/// Whether a short line signs with a name at its end, after a place, an agency, a date or a column's name
/// («جدة 24-6-2012 وفا- محمد العمري», «محطــــة : عبد الرحمان مجيد الربيعي»): a byline, though it stands
/// above the headline or has no headline under it. (A headline's «name: quotation» puts the name first.)
pub fn signs_at_end(line: &str, words: usize) -> bool {
    if words > MAX_WORDS + 2 || line.chars().count() > MAX_CHARS || ends_sentence(line) || has_ellipsis(line) {
        return false;
    }
    // What stands before the name: a column's one word, or a place, an agency or a date («الاتحاد
    // البرازيلي: فريد تناول المنشطات» is a headline).
    let dateline = |part: &String| {
        let words: Vec<&str> = unnumbered(part).collect();
        let dated = part.bytes().any(|b| b.is_ascii_digit());
        !is_name(part)
            && (words.len() == 1
                || words.len() == 2 && (dated || words.iter().any(|w| AGENCY_WORDS.contains(w) || PLACES.contains(w))))
    };
    let parts = parts(line);
    matches!(parts.as_slice(), [rest @ .., last] if (1..=2).contains(&rest.len()) && is_name(last) && rest.iter().all(dateline))
}

/// Whether a line holds an ellipsis («..», «…»), a headline's or a teaser's mark that no credit carries
/// («أحمد بن حشر.. متفائل», «موضة تنتشر... وتحذير من الاخصائيين»).
pub fn has_ellipsis(line: &str) -> bool {
    line.contains("..") || line.contains('…')
}

/// Whether normalized words are someone from a place: a name (read by the lexicon, or two or three plain
/// words) or a paper's name, then «من» and the place («عبد العزيز الفكي من الدمام», «إدوارد لوس من
/// واشنطن», «"الاقتصادية" من الرياض»); not a caption's «جانب من التدريبات».
pub fn is_from_place(key: &str) -> bool {
    let Some((who, place)) = key.split_once(" من ") else {
        return false;
    };
    let plain = |w: &str| !is_function_word(w) && is_plain(w) && !has_pronoun(w);
    let unknown_name = (2..=3).contains(&who.split(' ').count()) && !who.starts_with("ال") && who.split(' ').all(plain);
    let from = is_name(who) || unknown_name || is_paper(who);
    from && (1..=MAX_PLACE_WORDS + 1).contains(&place.split(' ').count())
}

/// Who a credit verb's line credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credited {
    /// A person: «بقلم: د. فيصل المحروس*», «كتب – مهنا القمشوعي -», «حاورته :ناهد اوشي».
    Person,
    /// A desk: «كتب محرر الشؤون الرياضية:», «تصوير: المركز الإعلامي».
    Desk,
}

/// Whether a line is a credit verb and whom it credits: a name («بقلم رحاب أبو الحسن», whatever the name)
/// or a desk. Not «كتب جديدة في معرض الرياض» (books), nor «متابعة لموضوع الغاز» (a follow-up), nor a sentence.
pub fn credited(line: &str, key: &str) -> Option<Credited> {
    let mut words = key.split(' ').filter(|w| !w.is_empty()).peekable();
    let first = words.next()?;
    // «أجرت الحوار منيرة رزقي», «أجرى اللقاء: عماد الإمارة»: who held the interview; the two words say it
    // as «بقلم» does, so the name needs no separator.
    let interview = INTERVIEW_VERBS.contains(&first) && words.next_if(|w| INTERVIEWS.contains(w)).is_some();
    if !interview && !MARKERS.contains(&first) {
        return None;
    }
    let name: Vec<&str> = words.collect();
    let bare: Vec<&str> = name.iter().copied().skip_while(|w| HONORIFICS.contains(w)).collect();
    if bare.is_empty() || bare.len() > MAX_MARKED_WORDS || ends_sentence(line) {
        return None;
    }
    // «By JOHN SMITH and MARY JONES»: names joined by "and", every word capitalized.
    let capital = |w: &str| w.eq_ignore_ascii_case("and") || w.chars().next().is_some_and(char::is_uppercase);
    let joined = first == "by"
        && name.contains(&"and")
        && name.split(|w| *w == "and").all(|piece| (1..=4).contains(&piece.len()))
        && line.split_whitespace().skip(1).all(capital);
    if joined {
        return Some(Credited::Person);
    }
    if name.iter().any(|w| is_function_word(w)) {
        return None;
    }
    // A separator between the verb and the name: the text before the line's first one is the verb alone.
    let separated = line
        .find([':', '/', '-', '–', '—', 'ـ', '：'])
        .is_some_and(|at| normalize::key(&line[..at]) == first);
    let introduces = interview
        || ((separated || line.trim_end().ends_with([':', '：']) || PLAIN_MARKERS.contains(&first))
            && !HEADING_MARKERS.contains(&first));
    // A desk's word, or words that open with «ال» and hold no given name («المركز الإعلامي»; not «السفير
    // د. عبدالله الأشعل»).
    let given = |w: &&str| GIVEN_NAMES.contains(w) || w.starts_with("عبد") || *w == "ابو";
    // A person's name before the agency («By Jane Doe, Reuters», «كتب محمد علي - رويترز») credits the
    // person: two to four words that read as a name, or are capitalized where letters have cases.
    let before = bare.iter().take_while(|w| !AGENCY_WORDS.contains(w)).count();
    let capitalized = || {
        let mut original = line
            .split_whitespace()
            .skip(1)
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()));
        original
            .by_ref()
            .take(before)
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    let person_first =
        before < bare.len() && (2..=4).contains(&before) && (is_name(&bare[..before].join(" ")) || capitalized());
    let desk = (name.iter().any(|w| AGENCY_WORDS.contains(w)) && !person_first)
        || (bare.len() >= 2 && bare[0].starts_with("ال") && !bare.iter().any(given));
    match desk {
        true => introduces.then_some(Credited::Desk),
        false => (introduces || is_name(&bare.join(" "))).then_some(Credited::Person),
    }
}

/// Whether a line credits only a place and an agency, a desk or a paper, and no person («بكين - أ ف ب»,
/// «دمشق-سانا», «لندن: «الشرق الأوسط»», «النبأ - المحرر الاقتصادي»): the dateline a wire story or a
/// desk's report carries at its top, or the credit at its end, the same on any article of its kind. Two
/// or three short parts, one of them an agency or desk word, an agency's initials («أ ف ب», «و.م.ع») or a
/// quoted paper's name; or agency words alone («رويترز»). A part that reads as a person's name makes it a
/// byline instead.
pub fn is_credit(line: &str, words: usize) -> bool {
    if words == 0 || line.chars().count() > MAX_CHARS || ends_sentence(line) {
        return false;
    }
    // An agency's initials count as one word («ا ف ب»).
    let key = normalize::key(line);
    let mut initials = false;
    let units = key
        .split(' ')
        .filter(|w| {
            let joins = initials && is_initial_like(w);
            initials = is_initial_like(w);
            !joins
        })
        .count();
    if units > MAX_CREDIT_WORDS {
        return false;
    }
    if credited(line, &key) == Some(Credited::Desk) {
        return true;
    }
    let parts = split_parts(line, true);
    // A city and a paper's one word with «ال» («بغداد-الصباح», «مسقط- الرؤية»; not a family name «الرفاعي»).
    if let [(a, _), (b, _)] = parts.as_slice() {
        if beside_city(a, b, is_paper) {
            return true;
        }
    }
    if parts.len() == 1 {
        // A paper's one word alone, in brackets or quotes («(الشروق)», «ـ (الشروق)»).
        let bare = line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | 'ـ'));
        let bracketed = bare.starts_with('(') && bare.ends_with(')');
        // A dash left dangling before or after the part says it is a credit's («-الوئام»); a colon does
        // not (a heading's «المكونات:»).
        let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
        let dashed = trimmed.starts_with(['-', '–', '—', 'ـ']) || trimmed.ends_with(['-', '–', '—', 'ـ']);
        if (bracketed || parts[0].1 || dashed) && is_paper(&parts[0].0) {
            return true;
        }
        let key = &parts[0].0;
        // A wire service named in English («Associated Press»), a city in capitals left by its dash
        // («WASHINGTON —»).
        if WIRE_SERVICES.contains(&key.as_str()) {
            return true;
        }
        let capitals = line.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
        if dashed && capitals && key.split(' ').count() <= 3 && line.chars().any(char::is_alphabetic) {
            return true;
        }
        // A paper's word alone, with no mark («الاتحاد»; not a column's heading «* الرأي:»), or a site's name
        // with its word and a dash («ينبع نيوز -:»).
        let unmarked = line.trim().chars().all(|c| c.is_alphabetic() || c.is_whitespace());
        if (unmarked && PAPER_WORDS.contains(&key.as_str()))
            || (dashed && key.split(' ').count() <= 3 && key.split(' ').any(|w| AGENCY_WORDS.contains(&w)))
        {
            return true;
        }
        // A paper or a publisher named with the word for it («دار الحياة», «صحيفة الوطن»), a desk, an office
        // or a site alone.
        if is_named_paper(key) || is_desk(key) {
            return true;
        }
        // Agencies alone: «رويترز», «(أ ف ب، رويترز، أ ش أ)».
        let agency = |w: &&str| AGENCY_WORDS.contains(w);
        let letters = key.split(' ').filter(|w| is_initial(w)).count();
        return key.split(' ').all(|w| agency(&w) || is_initial_like(w))
            && (key.split(' ').any(|w| agency(&w)) || letters >= 2);
    }
    // The agency's, desk's or paper's part, and the place's (shorter: «خاص: الأمير يفتتح المعرض» is a
    // label before a headline).
    // A paper's name of one or two words that ends with a paper's word («المدى», «دنيا الوطن», «صحيفة الوطن»;
    // not «حل قصير المدى», a phrase).
    let paper =
        |key: &str| key.split(' ').count() <= 2 && key.rsplit(' ').next().is_some_and(|w| PAPER_WORDS.contains(&w));
    let credit = |key: &str, quoted: bool| {
        quoted
            || key.split(' ').any(|w| AGENCY_WORDS.contains(&w))
            || paper(key)
            || is_named_paper(key)
            || is_desk(key)
            || is_initials(key)
            || key
                .split(' ')
                .next()
                .is_some_and(|w| PUBLISHERS.contains(&w) && w != "دار")
    };
    // Beside an agency's or a quoted paper's name, a place may take three words («كمبردج (ولاية ماساتشوستس
    // الأميركية): «الشرق الأوسط»»).
    let agency_or_quoted = parts
        .iter()
        .any(|(key, quoted)| *quoted || key.split(' ').any(|w| AGENCY_WORDS.contains(&w)) || is_initials(key));
    let fits = |key: &str, quoted: bool| {
        let words = key.split(' ').count();
        let long = credit(key, quoted) || agency_or_quoted;
        !is_name(key) && !is_from_name(key) && (words <= MAX_PLACE_WORDS || (long && words <= MAX_CREDIT_PART_WORDS))
    };
    // A paper's name read by its last word alone stands beside a place of one word or a known one: two
    // words the lexicon lacks may be a person's name («مسلّم الهواملة-عين اليوم»).
    let by_paper_word = |key: &str, quoted: bool| {
        paper(key)
            && !(quoted || is_named_paper(key) || is_initials(key))
            && !key.split(' ').any(|w| AGENCY_WORDS.contains(&w))
    };
    let placed = |key: &str| !key.contains(' ') || PLACES.contains(&key);
    (2..=3).contains(&parts.len())
        && parts.iter().all(|(key, quoted)| fits(key, *quoted))
        && parts.iter().any(|(key, quoted)| credit(key, *quoted))
        && (parts
            .iter()
            .any(|(key, quoted)| credit(key, *quoted) && !by_paper_word(key, *quoted))
            || parts
                .iter()
                .all(|(key, quoted)| by_paper_word(key, *quoted) || placed(key)))
}

/// Titles that say a person's name follows (normalized: «د.», «أ.», «م.», «الدكتورة», «المهندس», …).
const TITLES: &[&str] = &[
    "د",
    "دكتور",
    "الدكتور",
    "الدكتوره",
    "دكتوره",
    "ا",
    "استاذ",
    "الاستاذ",
    "الاستاذه",
    "م",
    "المهندس",
    "مهندس",
    "المهندسه",
    "الشيخ",
    "dr",
    "prof",
];

/// Whether normalized words are a title and a name, whatever the name: «د نفيسه اقبال محمد», «الاستاذ
/// الحسن ولد محمد»; two to four plain words after the title (no common, desk or city word, no number,
/// no single letters, not all with «ال»), none of them again a title.
fn is_titled_name(key: &str) -> bool {
    let mut words = key.split(' ').filter(|w| !w.is_empty());
    if !words.next().is_some_and(|w| TITLES.contains(&w)) {
        return false;
    }
    let name: Vec<&str> = words.skip_while(|w| TITLES.contains(w)).collect();
    let plain = |w: &&str| w.chars().count() >= 2 && !is_function_word(w) && is_plain(w);
    // «م. الهندسة الميكانيكية» is a degree: a name has a word without «ال».
    (2..=4).contains(&name.len()) && name.iter().all(plain) && !name.iter().all(|w| w.starts_with("ال"))
}

/// Whether a normalized word may stand in a name the lexicon lacks: no agency's or desk's word, no city,
/// no number.
fn is_plain(word: &str) -> bool {
    !AGENCY_WORDS.contains(&word) && !PLACES.contains(&word) && !word.chars().any(|c| c.is_ascii_digit())
}

/// Whether two parts are a city and what `other` accepts, in either order.
fn beside_city(a: &str, b: &str, other: fn(&str) -> bool) -> bool {
    (PLACES.contains(&a) && other(b)) || (PLACES.contains(&b) && other(a))
}

/// Whether a normalized word is a common function word that never stands in a name («في», «من», "the").
pub fn is_function_word(word: &str) -> bool {
    NOT_IN_NAMES.contains(&word) && word != "علي"
}

/// Whether a normalized part is a paper's name of one word: «الصباح», «المدى», «الرياضي» (a desk's
/// adjective); not a family name of the «ال…ي» form, nor a common word.
fn is_paper(key: &str) -> bool {
    !key.contains(' ')
        && key.starts_with("ال")
        && key.chars().count() >= 4
        && (!key.ends_with('ي') || DESK_ADJECTIVES.contains(&key) || PAPER_WORDS.contains(&key))
        && !NOT_IN_NAMES.contains(&key)
}

/// Normalized names of wire services written out in English, which credit no one alone on a line.
const WIRE_SERVICES: &[&str] = &["associated press", "the associated press", "agence france presse"];

/// Normalized words that close a news site's name («الجزيرة نت», «ينبع نيوز»).
const SITE_WORDS: &[&str] = &["نت", "نيوز", "برس", "اونلاين"];

/// Whether a normalized part names a desk, an office or a site and no one: an editor's desk («المحرر
/// الاقتصادي», «محرر الشؤون المحلية»), a section's desk («القسم الرياضي»), a paper's office in a city or of a
/// paper («مكتب الرياض», «مكتب الجزيرة»), a site's name of two words («الجزيرة نت»), a news agency's full
/// name («وكالة الأنباء السعودية»).
fn is_desk(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').collect();
    match words.as_slice() {
        ["محرر" | "المحرر", rest @ ..] => (1..=3).contains(&rest.len()),
        ["القسم" | "قسم", adjective] => DESK_ADJECTIVES.contains(adjective),
        ["مكتب", rest @ ..] => {
            let rest = rest.join(" ");
            PLACES.contains(&rest.as_str()) || is_paper(&rest)
        }
        ["وكاله", "الانباء", _] => true,
        [_, site] => SITE_WORDS.contains(site),
        _ => false,
    }
}

/// Normalized words that say a paper's, a magazine's or a publisher's name follows («دار الحياة», «صحيفة
/// الوطن», «مجلة العربي»). («دار» opens any house's name, «دار الأيتام»: it needs a paper's word after it.)
const PUBLISHERS: &[&str] = &["دار", "صحيفه", "جريده", "مجله"];

/// Whether a normalized part names a paper or a publisher after the word for one: a paper's word after it
/// («دار الحياة», «صحيفة الوطن»; not «دار الأيتام», a place).
fn is_named_paper(key: &str) -> bool {
    matches!(key.split_once(' '), Some((house, name)) if PUBLISHERS.contains(&house) && PAPER_WORDS.contains(&name))
}

/// Whether a normalized part beside a city reads as a person's name though the lexicon lacks it: a family
/// name of the «ال…ي» form alone («الرفاعي»), or two or three words with no common or desk word, not
/// opening with «ال», and no paper's «… ال…» pair («اكرام زين العابدين», «هيثم صلاح»; not «دنيا الوطن»).
fn is_name_by_place(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').collect();
    if words.first().is_some_and(|w| PUBLISHERS.contains(w)) {
        return false;
    }
    let plain = |w: &&str| !NOT_IN_NAMES.contains(w) && is_plain(w);
    match words.as_slice() {
        [one] => {
            one.starts_with("ال")
                && one.ends_with('ي')
                && one.chars().count() >= 5
                && !DESK_ADJECTIVES.contains(one)
                && !PAPER_WORDS.contains(one)
        }
        [first, second] => {
            let paper = second.starts_with("ال") && !second.ends_with('ي');
            words.iter().all(plain) && !first.starts_with("ال") && !paper
        }
        [first, _, _] => words.iter().all(plain) && !first.starts_with("ال"),
        _ => false,
    }
}

/// Whether normalized words are an agency's initials: two or more single letters («ا ف ب», «و م ع»).
fn is_initials(key: &str) -> bool {
    key.split(' ').count() >= 2 && key.split(' ').all(is_initial_like) && key.split(' ').any(is_initial)
}

/// Whether a normalized word is an initial, or two glued together as scrapes write some agencies' initials
/// («دب أ» for «د ب أ», «اش ا» for «أ ش أ»): two letters that are no function word.
fn is_initial_like(word: &str) -> bool {
    is_initial(word) || (word.chars().count() == 2 && word.chars().all(char::is_alphabetic) && !is_function_word(word))
}

/// Whether a normalized word is one letter of an alphabet (a CJK character is a word, not an initial).
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic() && !normalize::is_cjk(c))
}

/// Whether a line ends as a sentence does.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '»' | '”' | ')'));
    t.ends_with(['.', '!', '؟', '?', '،', ',']) && !t.ends_with("..")
}

/// Whether a line holds a quotation mark: a name alone holds none («هلال المليارات"», a headline's tail, does;
/// «Hilal» is a given name).
pub fn quoted(line: &str) -> bool {
    line.contains(['"', '“', '”', '«', '»'])
}

/// `needle`'s words inside `hay`'s, whole.
fn contains_words(hay: &str, needle: &str) -> bool {
    format!(" {hay} ").contains(&format!(" {needle} "))
}

/// The normalized parts of a line split by dashes, colons, slashes, bars and parentheses.
pub fn parts(line: &str) -> Vec<String> {
    split_parts(line, false).into_iter().map(|(key, _)| key).collect()
}

/// A line's normalized parts, each with whether it is a quoted name («…», "…") whole. A hyphen between two
/// letters («دمشق-سانا») splits too when `every_hyphen`; else only one beside a space or mark does.
fn split_parts(line: &str, every_hyphen: bool) -> Vec<(String, bool)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut from = 0;
    for k in 0..=chars.len() {
        let ends = k == chars.len()
            || matches!(chars[k], '–' | '—' | '|' | ':' | '/' | '(' | ')')
            || (every_hyphen && chars[k] == '-')
            || crate::corpus::templates::separating_dash(&chars, k);
        if ends {
            let piece: String = chars[from..k].iter().collect();
            let piece = piece.trim_matches(|c: char| c.is_whitespace() || c == '*');
            let key = normalize::key(piece);
            if !key.is_empty() {
                let quote = |c: char| matches!(c, '«' | '»' | '"' | '“' | '”');
                out.push((key, piece.starts_with(quote) && piece.ends_with(quote)));
            }
            from = k + 1;
        }
    }
    out
}

/// Whether normalized words read as a person's name: two to four words after an optional honorific, the
/// first a given name (or «عبد …», «أبو …»), none of them a common word; Latin words before it (a slider's
/// leftovers) are skipped.
pub fn is_name(key: &str) -> bool {
    let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let arabic = words.iter().any(|w| !w.is_ascii());
    if arabic {
        while words.first().is_some_and(|w| w.is_ascii()) {
            words.remove(0);
        }
    }
    while words.len() > 1 && words.first().is_some_and(|w| HONORIFICS.contains(w)) {
        words.remove(0);
    }
    // «نور الدين», «عز الدين», «صلاح الدين»: a given name of two words, counted as one.
    let compound = words.len() >= 3 && words[1] == "الدين" && DIN_NAMES.contains(&words[0]);
    if compound {
        words.remove(1);
    }
    // «علي» is the preposition «على» or the name Ali: a name where it opens a short name or follows a given
    // name or «بن» («علي السحاري», «حسن علي كرم», «أحمد بن علي الذهلي»; not «على المحبة والتصافي يسيرون»).
    let common = |k: usize, w: &str| {
        (k > 0 && PAPER_WORDS.contains(&w))
            || NOT_IN_NAMES.contains(&w)
                && !(w == "علي"
                    && ((k == 0 && words.len() <= 3)
                        || k > 0 && (GIVEN_NAMES.contains(&words[k - 1]) || matches!(words[k - 1], "بن" | "بنت"))))
    };
    if !(2..=4).contains(&words.len())
        || words
            .iter()
            .enumerate()
            .any(|(k, w)| common(k, w) || (k > 0 && has_pronoun(w)))
    {
        return false;
    }
    // «شكري بن منصور»: «بن» after the first word names a father, whatever the names.
    let son_of = words.len() >= 3 && matches!(words[1], "بن" | "بنت") && !words[0].starts_with("ال");
    compound || is_given_name(words[0]) || is_family_name(&words) || son_of
}

/// Whether a normalized word ends with a possessive pronoun after «ت» («وجنائزيتها», «حكومتهم»), which no
/// name does: «سحر الصورة وجنائزيتها» is a headline, though «سحر» is a given name.
pub fn has_pronoun(word: &str) -> bool {
    word.chars().count() >= 5
        && ["تها", "تهم", "تهما", "تكم", "تنا"]
            .iter()
            .any(|end| word.ends_with(end))
}

/// Whether a normalized word is an office or a position («الرئيس», «وزير», «عضو»), with «ال» or without.
fn is_office(word: &str) -> bool {
    let bare = word.strip_prefix("ال").unwrap_or(word);
    OFFICES.contains(&bare) || POSITIONS.contains(&bare)
}

/// Whether a normalized word opens a name as a given name: one of the lexicon's, «عبد …», «أبو …».
fn is_given_name(first: &str) -> bool {
    GIVEN_NAMES.contains(&first) || first == "عبد" || first == "ابو" || (first.starts_with("عبد") && first.len() > 6)
}

/// Whether two or three words end in a family name of the common «ال…ي» form («حيدر فليح الربيعي», «ياسر
/// المتولي») after a first word that is not one with «ال» («المحرر الاقتصادي» is a desk, not a person).
fn is_family_name(words: &[&str]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    (2..=3).contains(&words.len())
        && !first.starts_with("ال")
        && last.starts_with("ال")
        && last.ends_with('ي')
        && last.chars().count() >= 5
        && !DESK_ADJECTIVES.contains(last)
        && words[1..words.len() - 1].iter().all(|w| !w.starts_with("ال"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_normalized() {
        for (name, words) in [
            ("MARKERS", MARKERS),
            ("PLAIN_MARKERS", PLAIN_MARKERS),
            ("INTERVIEW_VERBS", INTERVIEW_VERBS),
            ("INTERVIEWS", INTERVIEWS),
            ("HEADING_MARKERS", HEADING_MARKERS),
            ("HONORIFICS", HONORIFICS),
            ("DESK_ADJECTIVES", DESK_ADJECTIVES),
            ("PAPER_WORDS", PAPER_WORDS),
            ("PUBLISHERS", PUBLISHERS),
            ("WIRE_SERVICES", WIRE_SERVICES),
            ("SITE_WORDS", SITE_WORDS),
            ("GIVEN_NAMES", GIVEN_NAMES),
            ("DIN_NAMES", DIN_NAMES),
            ("POSITIONS", POSITIONS),
            ("OFFICES", OFFICES),
            ("AGENCY_WORDS", AGENCY_WORDS),
            ("PLACES", PLACES),
            ("TITLES", TITLES),
            ("NOT_IN_NAMES", NOT_IN_NAMES),
        ] {
            crate::detect::tests::assert_normalized(name, words);
        }
    }

    use crate::document::Reason;
    use crate::split;

    fn byline(text: &str, author: Option<&str>) -> Option<(String, Shape)> {
        let lines = split::lines(text);
        let page = Page::new(text, &lines);
        let labels: Vec<Option<Reason>> = vec![None; lines.len()];
        detect(&page, &labels, None, author).map(|(i, s)| (page.line(i).to_string(), s))
    }

    const BODY: &str =
        "وأوضح المتحدث الرسمي أن الجهات المختصة باشرت الحادث فور وقوعه، وأن التحقيقات ما زالت جارية لمعرفة أسبابه.";

    #[test]
    fn real_shapes() {
        let cases = [
            ("عمر إبراهيم – عين اليوم", Shape::NameAndPlace),
            ("حامد القرشى – جدة", Shape::NameAndPlace),
            ("طلال عبدالله ـ دبي", Shape::NameAndPlace),
            ("الرياض - عبدالله الهاجري:", Shape::NameAndPlace),
            ("ناصر الجديع", Shape::Name),
            ("عبد الله فلاتة", Shape::Name),
            // A given name the lexicon lacks, before a family name of the «ال…ي» form.
            ("بغداد - حيدر فليح الربيعي", Shape::NameAndPlace),
            ("منيف الشهراني – الرياض", Shape::NameAndPlace),
            ("علي السحاري – القنفذة", Shape::NameAndPlace),
            ("غزة- نرمين ساق الله", Shape::NameAndPlace),
            ("كتب: أحمد بن علي الذهلي -", Shape::NameAndPlace),
            // A city beside a name the lexicon lacks.
            ("بغداد – اكرام زين العابدين", Shape::NameAndPlace),
            ("الخرطوم / الرفاعي", Shape::NameAndPlace),
            // A hyphen between letters splits a city from a name.
            ("بغداد-حيدر فليح الربيعي", Shape::NameAndPlace),
            // Who held the interview: the two words credit as a verb does, with no separator.
            ("أجرت الحوار منيرة رزقي", Shape::Marked),
            ("أجرى المقابلة سمير الأحمد", Shape::Marked),
            // A name beside a position, a paper's name of four words, a photographer's credit verb.
            ("محمد ولد حمدو: كاتب وصحفي موريتاني", Shape::NameAndPlace),
            (
                "د. منذر العذاري - موفد الاتحاد العراقي للصحافة الرياضية",
                Shape::NameAndPlace,
            ),
            ("James Keivom/New York Daily News", Shape::NameAndPlace),
            ("Next Previous رصد وتصوير: رغد عشميل", Shape::NameAndPlace),
            // A wire story's «من» and a name; names joined by "and".
            ("من خالد المطيري", Shape::Marked),
            ("By JOHN SMITH and MARY JONES", Shape::Marked),
            ("لندن ـ «القدس العربي» ـ من أحمد المصري:", Shape::NameAndPlace),
        ];
        for (line, want) in cases {
            let text = format!("{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), Some((line.to_string(), want)), "{line}");
        }
        // A headline's name and a quotation is no byline, nor a caption's «من» and a place.
        for line in ["سعيد الناجي: صوت المثقف صدى نبض المجتمع", "من معايدة بلدية الزلفي"]
        {
            let text = format!("{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), None, "{line}");
        }
        // A name over the writer's email, under the lead; not over anything else.
        let text = format!("{BODY}\nمحمد احمد الصباحي\nAlsabahe2004@hotmail.com\n{BODY}\n");
        assert_eq!(
            byline(&text, None),
            Some(("محمد احمد الصباحي".to_string(), Shape::Name))
        );
        let text = format!("{BODY}\nمحمد احمد الصباحي\n{BODY}\n{BODY}\n");
        assert_eq!(byline(&text, None), None);
        // A name alone under a subtitle, but not under a paragraph or a list item.
        let text = format!("مطامع خارجية وأزمات داخلية\nحسن على كرم\n{BODY}\n{BODY}\n");
        assert_eq!(byline(&text, None).map(|b| b.1), Some(Shape::Name));
        for above in [BODY, "• النباح المتكرر لنائب الرئيس العراقي"] {
            let text = format!("{above}\nحسن على كرم\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), None, "{above}");
        }
        // A credit verb and a name, whatever the name, in the first lines.
        for line in [
            "بقلم: د. فيصل المحروس*",
            "كتب – مهنا القمشوعي -",
            "حاورته :ناهد اوشي",
            "بقلم رحاب أبو الحسن",
            "كتبت - منال عباس :",
            "متابعة/ علي الريمي",
            "بقلم: السفير د. عبدالله الأشعل",
            "استطلاع/ محمد الصباحي",
        ] {
            let text = format!("عاطلون عن العمل أم معطلون؟!\nالبطالة مشكلة قديمة حديثة\n{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), Some((line.to_string(), Shape::Marked)), "{line}");
        }
        // A title and a name the lexicon lacks: alone on the first line, or signing the last.
        for line in ["د. مشهور فواز", "الأستاذ / الحسن ولد محمد"] {
            let text = format!("{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None).map(|b| b.1), Some(Shape::Name), "{line}");
        }
        // A desk or a place and a name under a subtitle and a caption; not a salutation, nor a heading.
        let under = |line: &str| {
            format!("مكتبة الملك تنفذ برامج صيفية\nجانب من المبنى الجديد للمكتبة\n{line}\n{BODY}\n{BODY}\n")
        };
        for line in ["ثقافة اليوم - محمد المرزوقي", "صوفيا - محمد خلف:"] {
            assert_eq!(
                byline(&under(line), None),
                Some((line.to_string(), Shape::NameAndPlace)),
                "{line}"
            );
        }
        for line in [
            "فخامة الرئيس / عبدالفتاح السيسي حفظه الله",
            "- ثانيا: حل قصير المدى",
            "وزير الصحة - محمد خلف",
        ] {
            assert_eq!(byline(&under(line), None), None, "{line}");
        }
        let text = format!("{BODY}\n{BODY}\n{{ د. نفيسة إقبال محمد\n");
        assert_eq!(byline(&text, None).map(|b| b.1), Some(Shape::Signature));
        // «بن» between two words names a father, whatever the names.
        for line in ["- ماجد بن نويصر", "شكري بن منصور"] {
            let text = format!("{BODY}\n{BODY}\n{line}\n");
            assert_eq!(byline(&text, None).map(|b| b.1), Some(Shape::Signature), "{line}");
        }
        // A given name of the form «… الدين», and a given name with the family name's initial, signing.
        for line in [
            "نور الدين الخالدي",
            "مديحة . م",
            "إب/ صادق وجيه الدين -",
            "ت: عادل بدر سليمان",
        ] {
            let text = format!("{BODY}\n{BODY}\n{line}\n");
            assert!(byline(&text, None).is_some(), "{line}");
        }
        // A credit verb and a name sign the last line too, under a long article; a phone number is no name.
        let long = format!("{BODY}\n").repeat(MARKED_LINES + 2);
        for (line, want) in [
            ("ت: عادل بدر سليمان", Some(Shape::Signature)),
            ("إعداد - حامد المهيري", Some(Shape::Signature)),
            ("ت: 2216 665", None),
            // A wire story's reporters and editors.
            ("(Reporting by John Smith; Editing by Jane Doe)", Some(Shape::Marked)),
            ("Additional reporting by Mary Jones", Some(Shape::Marked)),
        ] {
            assert_eq!(byline(&format!("{long}{line}\n"), None).map(|b| b.1), want, "{line}");
        }
        // «الدين» after a common word is religion, not a name.
        for line in ["رجال الدين يرفضون", "علماء الدين والفقهاء"] {
            let text = format!("{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), None, "{line}");
            assert!(!is_name(&normalize::key(line)), "{line}");
        }
        let text = format!("{BODY}\n{BODY}\nعضو المجلس الثوري لحركة «فتح» - رئيس وحدة الدراسات الفكرية والإستراتيجية\n");
        assert_eq!(byline(&text, None).map(|b| b.1), Some(Shape::Footnote));
        let text = format!("سعاد الشمراني (الرياض)\n{BODY}\n");
        assert_eq!(
            byline(&text, Some("سعاد الشمراني (الرياض)")).map(|b| b.1),
            Some(Shape::Author)
        );
    }

    #[test]
    fn credits_name_a_place_and_an_agency_a_desk_or_a_paper() {
        for line in [
            "بكين - أ ف ب",
            "دمشق-سانا",
            "بيروت / وكالات",
            "لندن: «الشرق الأوسط»",
            "النبأ - المحرر الاقتصادي",
            "مدريد - (د ب أ):",
            "(أ ف ب، رويترز، أ ش أ)",
            // Initials glued in pairs.
            "(ا ف ب، رويترز، ا ب، اش ا)",
            "هراري- دب أ",
            "سبأ",
            "هسبريس – و.م.ع",
            "رويترز",
            "خاص بـ«الشرق الأوسط»",
            // A city and a paper's one word.
            "بغداد-الصباح",
            "الدوحة - الراية:",
            "مكة المكرمة: الندوة",
            // A desk's adjective of the «ال…ي» form, a paper's name, beside a city.
            "الرياضي ـ جدة",
            // A paper's one word alone, in brackets.
            "(الشروق)",
            "ـ (الشروق)",
            // A credit verb and a desk.
            "كتب محرر الشؤون الرياضية:",
            "تصوير: المركز الإعلامي",
            // A news site's name: a word that names one («نيوز», «نت», «برس», "News"), and a place.
            "الرياض - ينبع نيوز",
            "القاهرة: «الشرق الأوسط» أونلاين",
            "London - Sky News",
            // Papers' names that read as a given name or a family name: a paper's word says otherwise.
            "بغداد / المدى",
            "غزة - دنيا الوطن",
            "صحيفة الوطن - العدد 2403",
            "الخرطوم :اخبار اليوم",
            "عين اليوم – جنيف",
            "عين اليوم – لاريونيون (فرنسا)",
            // A paper or a publisher named with the word for one.
            "دار الحياة",
            "(ا.ف.ب)",
            "كمبردج (ولاية ماساتشوستس الأميركية): «الشرق الأوسط»*",
            // A paper's or a site's name alone, a dash left dangling beside it, or a paper's word.
            "-الوئام",
            "ينبع نيوز -:",
            "الاتحاد",
            // Desks, offices, sites and agencies named alone or beside a city.
            "محرر الشؤون المحلية",
            "المحرر الاقتصادي",
            "القسم الرياضي",
            "مكتب الرياض",
            "الرياض - مكتب الجزيرة",
            "الجزيرة نت",
            "وكالة الأنباء السعودية",
            "Associated Press",
            "WASHINGTON —",
            "الرياض - صحيفة سبق الإلكترونية",
            "بيروت - الوكالة الوطنية للإعلام",
            "رام الله - معا",
        ] {
            assert!(
                is_credit(line, crate::fingerprint::word_count(&normalize::key(line))),
                "{line}"
            );
        }
        for line in [
            // A person's name makes a byline, though the lexicon lacks it: two words beside a paper's.
            "عمر إبراهيم – عين اليوم",
            "مسلّم الهواملة-عين اليوم",
            "لندن ـ «القدس العربي» ـ من أحمد المصري:",
            // A caption's paper, a headline.
            "الجشي يكرم (اليوم)",
            "دار الأيتام تحتفل",
            "دار الأيتام",
            // A heading that introduces what follows.
            "المكونات:",
            "* الرأي:",
            "القسم الأول",
            "مكتب العمل والتنمية الاجتماعية",
            "فوكس نيوز تعتذر عن الخطأ",
            "Press freedom —",
            "NEW RULES FOR BANKS IN THE EUROPEAN UNION —",
            "الخلاصة",
            "الرياض - عبدالله الهاجري:",
            // Quoted names in subheadings, a caption with its agency, a sentence.
            "* صعود مدارس «بيزيس»:",
            "محتوى «جوال»",
            "\"بذرة\" عمل",
            "شكوك كبيرة تحيط بالمركزي الأوروبي. أ ف ب",
            "قالت وكالة رويترز إن الاجتماع انتهى.",
            "سكاي نيوز: الحكومة تعلن خطة جديدة لدعم الاقتصاد",
            "أداء القطاعات",
            // A number, a quoted heading, a family name in brackets.
            "(1)",
            "«أهمية الرياضة»",
            "(الرفاعي)",
            // A family name of the «ال…ي» form beside a city: a byline.
            "الخرطوم / الرفاعي",
            // A label before a headline; two teams, no city.
            "خاص: الأمير يفتتح المعرض الدولي",
            "الهلال - النصر",
            // Two-letter words that are no initials.
            "جدة - في ما",
            // CJK characters are words of one character, not initials.
            "新华网首页",
            "新华网 - 北京",
            // A person's name before the agency: a byline.
            "By Jane Doe, Reuters",
            "كتب محمد علي - رويترز",
            // A paper's word as a common word in a heading.
            "- ثانيا: حل قصير المدى",
        ] {
            assert!(
                !is_credit(line, crate::fingerprint::word_count(&normalize::key(line))),
                "{line}"
            );
        }
    }

    #[test]
    fn chinese_reporters_credits_name_a_person() {
        for line in [
            "記者陳鈞凱／台北報導",
            "◎ 記者林和謙/採訪報導",
            "記者陳立凱／攝影",
            "編譯/記者 楊錚",
            "文/記者 範維",
            "□快報記者 劉峻",
        ] {
            assert!(is_cjk_credit(line), "{line}");
            assert!(names_person(line, &normalize::key(line), 20), "{line}");
        }
        for line in [
            "记者：这次评级下调对欧美股市没有带来影响，那么是否会对A股构成影响？",
            "記者調查",
            "12月15日，长沙市橘子洲附近湘江河床大面积裸露。本报记者 郭立亮 摄",
            "有错，无论被打者是狗仔还是记者，打人都是不对的",
            "記者會",
        ] {
            assert!(!is_cjk_credit(line), "{line}");
        }
    }

    #[test]
    fn site_lines_captions_and_sentences_are_no_bylines() {
        for line in [
            "عين اليوم – أبها",
            "Next Previous عين اليوم – واس",
            "النبأ - المحرر الاقتصادي",
            "محافظ الخرج",
            "محمد بن سلمان يستقبل وزير الخارجية الأمريكي في جدة ويبحث معه العلاقات",
            "أداء القطاعات",
            "وتشتمل (مدينة شباب 2030) على مراكز أربعة هي:",
            "\"عَمار يا مصر، عَمار\"..",
            // Credit verbs that are common words too: books, a follow-up, a report's name.
            "كتب جديدة في معرض الرياض",
            "متابعة لموضوع عدم تزويد المصنع بالغاز",
            "تقرير التنمية البشرية 2012",
            "تقرير: أزمة السكن",
            "استطلاع: الرواية في الدراما",
            // A desk, not a person.
            "تصوير: المحرر",
            "كتب محرر الشؤون الرياضية:",
            "تصوير: المركز الإعلامي",
            // A city beside a headline, or a paper's two words.
            "واشنطن: موسكو تخاطر بمصالحها الحيوية في المنطقة",
            "غزة - دنيا الوطن",
            // Initials after «م.», a title and a common phrase.
            "م.ع/و.أ",
            "د. في الطب",
            "م. الهندسة الميكانيكية",
            // A headline opening with a given name («سحر»), and a headline's quoted tail opening with one.
            "سحر الصورة وجنائزيتها",
            "هلال المليارات\"",
            // An interview held with someone, not by them.
            "أجرى الحوار وزير الخارجية مع نظيره",
        ] {
            let text = format!("{line}\n{BODY}\n{BODY}\n");
            assert_eq!(byline(&text, None), None, "{line}");
        }
    }
}
