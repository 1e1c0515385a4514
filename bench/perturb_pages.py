#!/usr/bin/env python3
"""Generate a harder, still exactly labelled variant of a ghirbal gold set.

The dev set (pages-dev) only has a few page shapes: "- " headline lists at the
top, a verbatim title_repeat + body_repeat block at the end, no footers.  This
script rebuilds every page from its gold line labels and applies 1-3 random
perturbations (about 25% of pages stay unchanged) that the dev set lacks:

  bullet       headline list items get another bullet style (or none)
  heading      a heading line such as «اقرأ أيضاً» is put before the list
  list_bottom  the headline list moves to the bottom of the page
  rep_spacing  blank lines inserted into / removed from the repeat block
  rep_text     repeated copies altered (diacritics, tatweel, alef/ya/ta
               marbuta forms, commas, digits, RLM/ZWNJ, double spaces)
  near_repeat  1-2 words of one long body_repeat paragraph replaced
  partial_rep  the body_repeat block cut to its first half
  footer       share/print/copyright lines at the very bottom
  add_repeat   a page without a repeat block gets one

Body lines stay byte-identical and in order, `body` is copied from the input,
every new or changed line carries the right label, so tools/score.py can score
against the output.  Pages with duplicate_of set are copied unchanged.  The
output is deterministic: page `id` uses random.Random(f"{seed}:{id}").

usage: perturb_pages.py GOLD.jsonl OUT_DIR [--seed N]
writes OUT_DIR/gold.jsonl and OUT_DIR/pages/<id>.txt; shape becomes e.g.
"seed000+bullet+footer" for perturbed pages.
"""
import argparse, collections, json, os, random, re

ORDER = ["add_repeat", "partial_rep", "near_repeat", "rep_text", "rep_spacing",
         "bullet", "heading", "list_bottom", "footer"]
BULLETS = ["• ", "* ", "· ", "– ", "◄ ", "1. ", "1- ", ""]
HEADINGS = ["اقرأ أيضاً", "أخبار ذات صلة", "اقرأ أيضا:", "مواضيع ذات صلة", "الأكثر قراءة"]
FOOTERS = ["شارك: تويتر | فيسبوك | واتساب", "طباعة أرسل لصديق",
           "© 2015 جميع الحقوق محفوظة", "Next Previous"]
HARAKAT = re.compile("[\u064b-\u0652]")
ARABIC = re.compile("[\u0621-\u064a]")
# letters that do not join to the following letter: no tatweel after them
NON_JOINING = set("اأإآدذرزوؤءةى")
stats = collections.Counter()


def words_map(text, rng, p, fn):
    """Apply fn(word) to each space-separated word with probability p."""
    return " ".join(fn(w) if w and rng.random() < p else w for w in text.split(" "))


def add_harakat(w, rng):
    letters = [i for i, c in enumerate(w) if ARABIC.match(c)]
    if len(letters) < 3:
        return w
    if rng.random() < 0.4 and ARABIC.match(w[-1]):    # tanween at the word end
        return w + rng.choice("\u064b\u064c\u064d")
    i = rng.choice(letters[:-1])
    return w[:i + 1] + rng.choice("\u064e\u064f\u0650\u0652\u0651") + w[i + 1:]


def add_tatweel(w, rng):
    spots = [i for i in range(len(w) - 1)
             if ARABIC.match(w[i]) and ARABIC.match(w[i + 1]) and w[i] not in NON_JOINING]
    if not spots:
        return w
    i = rng.choice(spots)
    return w[:i + 1] + "\u0640" * rng.randint(1, 3) + w[i + 1:]


def swap_alef(w, rng, to_bare):
    if to_bare:
        return re.sub("[أإآ]", "ا", w)
    if w.startswith("ا") and not w.startswith("ال"):
        return rng.choice("أإ") + w[1:]
    return w


def swap_end(w, pairs):
    core = w.rstrip(".،,:؛!؟\"»)")
    tail = w[len(core):]
    if core and core[-1] in pairs:
        return core[:-1] + pairs[core[-1]] + tail
    return w


def insert_mark(w, rng):
    if rng.random() < 0.5 or len(w) < 3:
        return "\u200f" + w                    # RLM before the word
    i = rng.randint(1, len(w) - 1)
    return w[:i] + "\u200c" + w[i:]            # ZWNJ inside the word


TEXT_OPS = {
    "strip_harakat": (lambda t: HARAKAT.search(t), lambda t, r, o: HARAKAT.sub("", t)),
    "add_harakat": (None, lambda t, r, o: words_map(t, r, 0.2, lambda w: add_harakat(w, r))),
    "tatweel": (None, lambda t, r, o: words_map(t, r, 0.15, lambda w: add_tatweel(w, r))),
    "alef": (lambda t: re.search("[أإآ]|(^| )ا[^ل]", t),
             lambda t, r, o: words_map(t, r, 0.7, lambda w: swap_alef(w, r, o["bare"]))),
    "ya_ta": (lambda t: re.search("[ىية](?=[ .،,:]|$)", t),
              lambda t, r, o: words_map(t, r, 0.6, lambda w: swap_end(w, {"ى": "ي", "ي": "ى", "ة": "ه"}))),
    "comma": (lambda t: re.search("[،,]", t),
              lambda t, r, o: t.translate(str.maketrans({"،": ",", ",": "،"}))),
    "digits": (lambda t: re.search("[0-9]", t),
               lambda t, r, o: t.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
    "marks": (None, lambda t, r, o: words_map(t, r, 0.1, lambda w: insert_mark(w, r))),
    "spaces": (lambda t: " " in t, lambda t, r, o: re.sub(" ", lambda m: "  " if r.random() < 0.2 else " ", t)),
}


def repeat_block(lines):
    """(start, end) of the trailing title_repeat + body_repeat block, or None."""
    idx = [i for i, (lab, _) in enumerate(lines) if lab == "body_repeat"]
    if not idx:
        return None
    start = idx[0]
    while start > 0 and lines[start - 1][0] in ("title_repeat", "blank"):
        start -= 1
        if lines[start][0] == "title_repeat":
            break
    while lines[start][0] == "blank":
        start += 1
    return start, idx[-1] + 1


def applicable(lines):
    labels = {lab for lab, _ in lines}
    has_list, has_rep = "headline_list" in labels, "body_repeat" in labels
    ok = {"footer"}
    if has_list:
        ok |= {"bullet", "heading", "list_bottom"}
    if has_rep:
        ok |= {"rep_spacing", "rep_text", "partial_rep"}
        if any(lab == "body_repeat" and len(t.split()) >= 25 for lab, t in lines):
            ok.add("near_repeat")
    elif "body" in labels:
        ok |= {"add_repeat"}
    return ok


def perturb(lines, title, chosen, rng):
    lines = list(lines)
    if "add_repeat" in chosen:
        body_idx = [i for i, (lab, _) in enumerate(lines) if lab == "body"]
        keep_blanks = rng.random() < 0.5
        block = [("title_repeat", title)]
        for lab, t in lines[body_idx[0]:body_idx[-1] + 1]:
            if lab == "body" or (lab == "blank" and keep_blanks):
                block.append(("body_repeat" if lab == "body" else "blank", t))
        lines += block
    if "partial_rep" in chosen:
        s, e = repeat_block(lines)
        rep = [i for i in range(s, e) if lines[i][0] == "body_repeat"]
        cut = rep[(len(rep) + 1) // 2] if len(rep) > 1 else e
        lines = lines[:cut] + lines[e:]
    if "near_repeat" in chosen:
        long_ = [i for i, (lab, t) in enumerate(lines) if lab == "body_repeat" and len(t.split()) >= 25]
        if not long_:                           # the long paragraph was cut by partial_rep
            chosen.discard("near_repeat")
        else:
            i = rng.choice(long_)
            pool = sorted({w for lab, t in lines if lab == "body" for w in t.split() if len(w) >= 3})
            ws = lines[i][1].split(" ")
            for j in rng.sample([k for k, w in enumerate(ws) if w], rng.randint(1, 2)):
                ws[j] = rng.choice([w for w in pool if w != ws[j]] or ["كلمة"])
            lines[i] = ("body_repeat", " ".join(ws))
    if "rep_text" in chosen:
        reps = " ".join(t for lab, t in lines if lab in ("body_repeat", "title_repeat"))
        ops = [k for k, (pred, _) in TEXT_OPS.items() if pred is None or pred(reps)]
        opts = {"bare": rng.random() < 0.6}
        for name in rng.sample(ops, rng.randint(1, 3)):
            stats["rep_text:" + name] += 1
            fn = TEXT_OPS[name][1]
            lines = [(lab, fn(t, rng, opts) if lab in ("body_repeat", "title_repeat") else t)
                     for lab, t in lines]
    if "rep_spacing" in chosen:
        s, e = repeat_block(lines)
        block = lines[s:e]
        if any(lab == "blank" for lab, _ in block):
            block = [x for x in block if x[0] != "blank"]
        else:
            p = 1.0 if rng.random() < 0.5 else 0.5
            new = [block[0]]
            for x in block[1:]:
                if rng.random() < p:
                    new.append(("blank", ""))
                new.append(x)
            block = new
        lines = lines[:s] + block + lines[e:]
    if "bullet" in chosen:
        style, k = rng.choice(BULLETS), 0
        for i, (lab, t) in enumerate(lines):
            if lab == "headline_list" and t.startswith("- "):
                k += 1
                b = style.replace("1", str(k)) if style[:1] == "1" else style
                lines[i] = (lab, b + t[2:])
    if "heading" in chosen:
        i = next(i for i, (lab, _) in enumerate(lines) if lab == "headline_list")
        lines.insert(i, ("headline_list", rng.choice(HEADINGS)))
    if "list_bottom" in chosen:
        items = [x for x in lines if x[0] == "headline_list"]
        lines = [x for x in lines if x[0] != "headline_list"]
        lines += ([("blank", "")] if rng.random() < 0.5 else []) + items
    if "footer" in chosen:
        lines += [("footer", f) for f in rng.sample(FOOTERS, rng.randint(1, 2))]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out_dir, "pages"), exist_ok=True)
    records = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    with open(os.path.join(a.out_dir, "gold.jsonl"), "w", encoding="utf-8") as out:
        for rec in records:
            rng = random.Random(f"{a.seed}:{rec['id']}")
            lines = [(x["label"], x["text"]) for x in rec["lines"]]
            ok = applicable(lines)
            if rec["duplicate_of"] is not None:
                stats["duplicate_copied"] += 1
            elif rng.random() < 0.25:
                stats["unchanged"] += 1
            else:
                chosen = set(rng.sample(sorted(ok), min(len(ok), rng.randint(1, 3))))
                if "add_repeat" in chosen and rng.random() < 0.4:
                    chosen.add("rep_text")      # a new repeat block, maybe altered too
                lines = perturb(lines, rec["title"], chosen, rng)
                rec = dict(rec, shape="+".join([rec["shape"]] + [p for p in ORDER if p in chosen]))
                stats["perturbed"] += 1
                stats.update(chosen)
            body = [t for lab, t in lines if lab == "body"]
            assert body == rec["body"], rec["id"]
            rec = dict(rec, lines=[{"n": i + 1, "label": lab, "text": t}
                                   for i, (lab, t) in enumerate(lines)])
            with open(os.path.join(a.out_dir, "pages", rec["id"] + ".txt"), "w", encoding="utf-8") as fh:
                fh.write("\n".join(t for _, t in lines) + "\n")
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} pages -> {a.out_dir} (seed {a.seed})")
    for k in ["perturbed", "unchanged", "duplicate_copied"] + ORDER:
        print(f"  {k:18s} {stats[k]}")
    for k in sorted(x for x in stats if x.startswith("rep_text:")):
        print(f"    {k:24s} {stats[k]}")


if __name__ == "__main__":
    main()
