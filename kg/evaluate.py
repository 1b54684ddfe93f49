"""`kg evaluate`: score extractions against gold annotations.

The same matching as the annotation guide's scorer (ANNOTATION.md): names
compared after NFKC without quotes, brackets and spaces; types compatible;
County/Place codes checked; holdsPost roles one containing the other.
"""
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

from kg.errors import KGError
from kg.registry import registry

REPORT_FIELDS = ["county", "date", "session", "speaker", "speaker_role"]
STRIP = set("“”\"'‘’《》〈〉「」『』 \t\r\n\u3000")


def entity_types() -> list[str]:
    """The entity types scored, by their names in the gold (the registry's evaluation keys)."""
    return list(dict.fromkeys(t.evaluation for t in registry().entity_types))


def relation_names() -> list[str]:
    """The relations scored (those the registry gives an evaluation key)."""
    return [r.evaluation for r in registry().relation_types if r.evaluation]


def norm(text):
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if ch not in STRIP)


def gold_types(ent):
    types = ent.get("types") or [ent.get("type")]
    return [t for t in types if t]


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, other):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_entities(gold, preds, errors, doc, codes):
    """Return {type: Tally} for one document; count division codes in `codes`."""
    tallies = {t: Tally() for t in entity_types()}
    gold_ents = []
    for ent in gold.get("entities", []):
        names = {norm(ent["name"])} | {norm(a) for a in ent.get("aliases", [])}
        gold_ents.append({"names": names, "types": gold_types(ent),
                          "optional": bool(ent.get("optional")), "name": ent["name"],
                          "code": ent.get("code"), "hit": False})
    seen = set()
    for p in preds:
        key = (p.get("type"), norm(p.get("name")))
        if key in seen or key[0] not in tallies:
            continue
        seen.add(key)
        ptype, pname = key
        match = None
        for g in gold_ents:
            if pname in g["names"] and ptype in g["types"]:
                match = g
                break
        if match is None:
            tallies[ptype].fp += 1
            errors.append(f"{doc}\tFP\t{ptype}\t{p.get('name')}")
        elif match["optional"]:
            match["hit"] = True
        elif match["hit"]:
            # a second node for an entity already found: canonicalisation failed
            tallies[ptype].fp += 1
            errors.append(f"{doc}\tDUP\t{ptype}\t{p.get('name')} (again {match['name']})")
        else:
            match["hit"] = True
            tallies[ptype].tp += 1
            if match["code"]:
                codes[1] += 1
                if str(p.get("code") or "") == match["code"]:
                    codes[0] += 1
                else:
                    errors.append(f"{doc}\tCODE\t{match['name']}\twant {match['code']} got {p.get('code')}")
    for g in gold_ents:
        if not g["hit"] and not g["optional"]:
            tallies[g["types"][0]].fn += 1
            errors.append(f"{doc}\tFN\t{'/'.join(g['types'])}\t{g['name']}")
    return tallies


def rel_key(r):
    return (norm(r.get("s")), r.get("p"), norm(r.get("o")))


def score_relations(gold, preds, errors, doc):
    """Score the guide's four relations; others the builder emits are not judged.

    A `partOf` whose subject is no entity of the gold (an ancestor the builder
    added from the division list) is not judged either.
    """
    tallies = defaultdict(Tally)
    gold_rels = [dict(r, hit=False) for r in gold.get("relations", [])]
    known = set()
    for ent in gold.get("entities", []):
        known |= {norm(ent["name"])} | {norm(a) for a in ent.get("aliases", [])}
    seen = set()
    scored = set(relation_names())
    for p in preds:
        if p.get("p") not in scored:
            continue
        if p.get("p") == "partOf" and norm(p.get("s")) not in known:
            continue
        key = rel_key(p) + (norm(p.get("role")) or "",)
        if key in seen:
            continue
        seen.add(key)
        match = None
        for g in gold_rels:
            if rel_key(g) != rel_key(p):
                continue
            if g["p"] == "holdsPost":
                gr, pr = norm(g.get("role")) or "", norm(p.get("role")) or ""
                if not (gr and pr and (gr in pr or pr in gr)):
                    continue
            match = g
            break
        if match is None:
            tallies[p.get("p")].fp += 1
            errors.append(f"{doc}\tFP\t{p.get('p')}\t{p.get('s')} -> {p.get('o')} {p.get('role') or ''}")
        elif not match["hit"]:
            match["hit"] = True
            if not match.get("optional"):
                tallies[match["p"]].tp += 1
    for g in gold_rels:
        if not g["hit"] and not g.get("optional"):
            tallies[g["p"]].fn += 1
            errors.append(f"{doc}\tFN\t{g['p']}\t{g['s']} -> {g['o']} {g.get('role') or ''}")
    return tallies



def score(gold_dir, predictions):
    """(scores, error lines) of `predictions` (a JSONL file) against `gold_dir`."""
    golds = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        try:
            g = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise KGError(f"{path}: not a gold file: {exc}") from None
        golds[g["doc"]] = g
    if not golds:
        raise KGError(f"{gold_dir}: no gold files (*.json)")
    by_doc = defaultdict(lambda: {"entity": [], "relation": [], "report": []})
    try:
        fh = open(predictions, encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{predictions}: {exc.strerror}") from None
    with fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KGError(f"{predictions}:{n}: not JSON: {exc}") from None
            kind = obj.get("kind")
            if kind in ("entity", "relation", "report"):
                by_doc[Path(str(obj.get("doc", ""))).name][kind].append(obj)

    ent_total = {t: Tally() for t in entity_types()}
    rel_total = defaultdict(Tally)
    fields_right = fields_all = 0
    stats_right = stats_all = 0
    codes = [0, 0]
    errors = []
    for doc, gold in golds.items():
        pred = by_doc.get(doc, {"entity": [], "relation": [], "report": []})
        for t, tally in score_entities(gold, pred["entity"], errors, doc, codes).items():
            ent_total[t].add(tally)
        for p, tally in score_relations(gold, pred["relation"], errors, doc).items():
            rel_total[p].add(tally)
        report = pred["report"][0] if pred["report"] else {}
        for field in REPORT_FIELDS:
            want = gold.get("report", {}).get(field)
            if want is None:
                continue
            fields_all += 1
            if norm(report.get(field)) == norm(want):
                fields_right += 1
            else:
                errors.append(f"{doc}\tREPORT\t{field}\twant {want!r} got {report.get(field)!r}")
        got_stats = report.get("statistics") or {}
        for key, want in (gold.get("statistics") or {}).items():
            stats_all += 1
            if got_stats.get(key) == want:
                stats_right += 1
            else:
                errors.append(f"{doc}\tSTAT\t{key}\twant {want} got {got_stats.get(key)}")
    all_ents = Tally()
    for t in ent_total.values():
        all_ents.add(t)
    all_rels = Tally()
    for t in rel_total.values():
        all_rels.add(t)
    result = {
        "docs": len(golds),
        "entities": {t: ent_total[t].scores() for t in entity_types()},
        "entities_all": all_ents.scores(),
        "relations": {p: t.scores() for p, t in sorted(rel_total.items())},
        "relations_all": all_rels.scores(),
        "report_fields": round(fields_right / fields_all, 4) if fields_all else None,
        "statistics": round(stats_right / stats_all, 4) if stats_all else None,
        "division_codes": round(codes[0] / codes[1], 4) if codes[1] else None,
    }
    return result, errors


def format_scores(result, as_json=False):
    """The scores as a table (or one JSON object)."""
    if as_json:
        return json.dumps(result, ensure_ascii=False)
    lines = [f"{'':16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    rows = [(t, result["entities"][t]) for t in entity_types()]
    rows.append(("ENTITIES", result["entities_all"]))
    rows += list(result["relations"].items())
    rows.append(("RELATIONS", result["relations_all"]))
    for name, s in rows:
        lines.append(f"{name:16}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}{s['tp']:6}{s['fp']:6}{s['fn']:6}")
    lines.append(f"report fields right: {result['report_fields']}   statistics right: {result['statistics']}"
                 f"   division codes right: {result['division_codes']}")
    return "\n".join(lines)
