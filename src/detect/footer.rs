//! Footer detector: navigation, share and copyright lines in, `footer` labels out.
//!
//! Deliberately narrow: a line goes only when every word of it is a navigation or share word
//! («شارك», «تويتر», «طباعة», "Next", "Previous", ...) or when it is a short copyright notice. Anything
//! with a word of prose in it stays; repeated site boilerplate is the corpus stage's job.

use super::Page;
use crate::document::Reason;

/// Normalized navigation and share words (see `normalize`: no hamza on alef, ة → ه, ى → ي).
const NAV_WORDS: &[&str] = &[
    "شارك",
    "شاركها",
    "مشاركه",
    "المشاركه",
    "تويتر",
    "تويت",
    "فيسبوك",
    "فيس",
    "بوك",
    "واتساب",
    "واتس",
    "اب",
    "تلغرام",
    "تيليجرام",
    "تليجرام",
    "انستغرام",
    "انستجرام",
    "يوتيوب",
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
    "اطبع",
    "ارسل",
    "لصديق",
    "لصديقك",
    "نسخ",
    "الرابط",
    "رابط",
    "المختصر",
    "التالي",
    "السابق",
    "المزيد",
    "الرئيسيه",
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
    "twitter",
    "facebook",
    "whatsapp",
    "telegram",
    "instagram",
    "youtube",
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
];

/// Normalized phrases that mark a copyright line.
const COPYRIGHT: &[&str] = &[
    "جميع الحقوق محفوظه",
    "كافه الحقوق محفوظه",
    "all rights reserved",
    "copyright",
];

/// Most words a footer line may have.
const MAX_WORDS: usize = 12;

pub fn detect(page: &Page, labels: &mut [Option<super::Reason>]) {
    for (i, label) in labels.iter_mut().enumerate() {
        if label.is_none() && page.is_content(i) && is_footer(page.line(i), page.key(i), page.words[i]) {
            *label = Some(Reason::Footer);
        }
    }
}

pub fn is_footer(line: &str, key: &str, words: usize) -> bool {
    if words == 0 || words > MAX_WORDS {
        return false;
    }
    // Nav words must fill the line; a lone «اب» or "to" is not a footer, so at least one long word is needed.
    let all_nav = key.split(' ').all(|w| NAV_WORDS.contains(&w)) && key.split(' ').any(|w| w.chars().count() > 2);
    let copyright = line.contains('©') || COPYRIGHT.iter().any(|p| key.contains(p));
    all_nav || copyright
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::word_count;
    use crate::normalize::key;

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
        ];
        for (line, want) in cases {
            let k = key(line);
            assert_eq!(is_footer(line, &k, word_count(&k)), want, "{line:?}");
        }
    }
}
