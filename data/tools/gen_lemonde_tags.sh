#!/usr/bin/env bash
# Regenerates data/lemonde-2022-tags.jsonl, the dated corpus `veille demo` builds its reports
# from: every Le Monde 2022 RSS item (title + lede) scored by veille, reduced to id, date, url,
# section, source and veille's tags (themes with their probabilities, countries, pair). No title
# or text is kept: Le Monde text must never be committed.
#
#   data/tools/gen_lemonde_tags.sh [VEILLE_BINARY] > data/lemonde-2022-tags.jsonl
#
# Needs the shared data beside the repository (../shared, or set SHARED). The theme model is
# trained on the labelled Le Monde set plus the bundled BBC Afrique set with training/themes.toml;
# countries come from the bundled gazetteer and salience model, with Le Monde's home country (FR)
# from data/sources-fr.tsv.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$here/../shared}
veille=${1:-$here/target/release/veille}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$veille" ] || { echo "build veille first: cargo build --release" >&2; exit 1; }

"$veille" train --config "$here/training/themes.toml" \
    --data "$shared/data/annotated/lemonde-2022-labelled.jsonl" \
    --data "$here/data/masakhanews-fra-labelled.jsonl" --out "$work/themes.model"

python3 - "$shared/data/lemonde-2022/lemonde_rss_2022.jsonl" > "$work/items.jsonl" <<'PY'
import json, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    m = re.search(r"_(\d+)_\d+\.html$", r["url"])
    print(json.dumps({
        "id": m.group(1) if m else r["url"],
        "date": (r.get("pub_date") or "")[:10],
        "url": r["url"],
        "section": r.get("url_section"),
        "source": "lemonde",
        "title": r.get("title") or "",
        "text": r.get("description") or "",
    }, ensure_ascii=False))
PY

"$veille" score --model "$work/themes.model" --keep id,date,url,section,source \
    "$work/items.jsonl" > "$work/scored.jsonl"

python3 - "$work/scored.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print(json.dumps({
        "id": r["id"], "date": r["date"], "url": r["url"], "section": r["section"],
        "source": r["source"], "themes": r["themes"],
        "scores": {t: round(r["scores"][t], 4) for t in r["themes"]},
        "countries": r["countries"], "pair": r["pair"],
    }, ensure_ascii=False))
PY
