#!/usr/bin/env bash
# Side-by-side run of veille, scikit-learn and fastText on the same splits, same machine, same run.
#
#   benches/side_by_side.sh [VEILLE_BINARY]
#
# Needs the shared data and peers beside the repository (../shared) and a Python venv with the
# peers' pinned requirements: python3 -m venv ../peers-venv && ../peers-venv/bin/pip install -r
# ../shared/peers/requirements.txt (or set PEERS_PYTHON). Prints one table: task, tool,
# accuracy / micro-F1, macro-F1, seconds (train + predict, vectorisation included), and the
# time ratio peer / veille; then, from the same run: the peers' text pipeline throughput
# (scikit-learn TfidfVectorizer + NLTK Snowball, MB/s), bulk scoring of the 30,912 Le Monde
# items (veille end to end vs scikit-learn's predict with the model already loaded), peak RSS
# of veille's training and scoring, and cold start (one article scored from a shell, median of
# 20) for veille, scikit-learn (joblib) and fastText (.ftz) (benches/peers_extra.py).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
py=${PEERS_PYTHON:-$here/../peers-venv/bin/python}
veille=${1:-$here/target/release/veille}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$veille" ] || { echo "build veille first: cargo build --release" >&2; exit 1; }
[ -x "$py" ] || { echo "no peers venv at $py (see the header of this script)" >&2; exit 1; }

now() { date +%s.%N; }
row() { printf '%-9s %-34s %8s %8s %8s %8s\n' "$@"; }

echo "== sections (Le Monde 2022, train < 2022-10-01)" >&2
"$py" "$shared/peers/sections.py" "$work" > "$work/peers_sections.jsonl"
t0=$(now)
"$veille" train --data "$work/train.jsonl" --labels-field section --out "$work/sec.model" 2>/dev/null
"$veille" eval --model "$work/sec.model" --data "$work/test.jsonl" --labels-field section --json > "$work/sec_eval.json"
t1=$(now)
vsec=$(echo "$t1 - $t0" | bc)

echo "== themes (annotated Le Monde, train < 2022-09-01)" >&2
"$py" - "$shared/data/annotated/lemonde-2022-labelled.jsonl" "$work" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for name, part in (("th_train", [r for r in rows if r["date"] < "2022-09-01"]), ("th_test", [r for r in rows if r["date"] >= "2022-09-01"])):
    with open(f"{sys.argv[2]}/{name}.jsonl", "w") as f:
        for r in part: f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
"$py" "$shared/peers/themes.py" > "$work/peers_themes.jsonl"
"$py" "$shared/peers/themes.py" --with-bbc >> "$work/peers_themes.jsonl"
t0=$(now)
"$veille" train --data "$work/th_train.jsonl" --out "$work/th.model" 2>/dev/null
"$veille" eval --model "$work/th.model" --data "$work/th_test.jsonl" --json > "$work/th_eval.json"
t1=$(now)
vth=$(echo "$t1 - $t0" | bc)
t0=$(now)
"$veille" train --data "$work/th_train.jsonl" --data "$here/data/masakhanews-fra-labelled.jsonl" --out "$work/thb.model" 2>/dev/null
"$veille" eval --model "$work/thb.model" --data "$work/th_test.jsonl" --json > "$work/thb_eval.json"
t1=$(now)
vthb=$(echo "$t1 - $t0" | bc)

echo "== cold start (one article from a shell, model load included; median of 20)" >&2
cold() { local s=(); for _ in $(seq 20); do a=$(now); "$@" > /dev/null; b=$(now); s+=("$(echo "($b - $a) * 1000" | bc)"); done; printf '%s\n' "${s[@]}" | sort -n | sed -n 10p; }
vcold=$(cold sh -c "echo '{\"text\": \"La police renforce la sécurité à Rabat.\"}' | '$veille' score --model '$work/sec.model'")

echo "== bulk scoring (the 30,912 Le Monde items, title + lede) and peak memory" >&2
"$py" - "$shared/data/lemonde-2022/lemonde_rss_2022.jsonl" "$work/bulk.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as f:
    for l in open(sys.argv[1]):
        r = json.loads(l)
        f.write(json.dumps({"id": r["url"], "date": r["pub_date"][:10], "title": r["title"], "text": r.get("description") or ""}, ensure_ascii=False) + "\n")
PY
rss() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1; }
read -r vbulk vbulk_kb < <(rss "$veille" score --model "$work/sec.model" "$work/bulk.jsonl")
read -r _ vtrain_kb < <(rss "$veille" train --data "$work/train.jsonl" --labels-field section --out "$work/sec2.model")
echo "== peers: text pipeline, bulk scoring, cold start" >&2
"$py" "$here/benches/peers_extra.py" "$work" "$work/bulk.jsonl" 20 > "$work/peers_extra.jsonl"

"$py" - "$work" "$vsec" "$vth" "$vthb" "$vcold" "$vbulk" "$vbulk_kb" "$vtrain_kb" <<'PY'
import json, sys
w, vsec, vth, vthb, vcold, vbulk, vbulk_kb, vtrain_kb = sys.argv[1], *map(float, sys.argv[2:])
def row(*c): print("%-9s %-44s %9s %9s %9s %8s" % c)
row("task", "tool", "acc/µF1", "macro-F1", "seconds", "ratio")
e = json.load(open(f"{w}/sec_eval.json"))["themes"]
present = [l for l in e["labels"] if l["support"] > 0]
row("sections", "veille", "%.4f" % e["primary_accuracy"], "%.4f" % (sum(l["f1"] for l in present) / len(present)), "%.2f" % vsec, "1.0")
for l in open(f"{w}/peers_sections.jsonl"):
    p = json.loads(l); row("sections", p["peer"][:44], "%.4f" % p["accuracy"], "%.4f" % p["macro_f1"], "%.2f" % p["seconds"], "%.1f" % (p["seconds"] / vsec))
peers = [json.loads(l) for l in open(f"{w}/peers_themes.jsonl")]
for name, f, secs, peer in (("themes", "th_eval", vth, peers[0]), ("themes+bbc", "thb_eval", vthb, peers[1])):
    e = json.load(open(f"{w}/{f}.json"))["themes"]
    row(name, "veille", "%.4f" % e["micro_f1"], "%.4f" % e["macro_f1"], "%.2f" % secs, "1.0")
    row(name, peer["peer"][:44], "%.4f" % peer["micro_f1"], "%.4f" % peer["macro_f1"], "%.2f" % peer["seconds"], "%.1f" % (peer["seconds"] / secs))
extra = [json.loads(l) for l in open(f"{w}/peers_extra.jsonl")]
print()
for x in extra:
    if x["what"] == "text":
        print("text pipeline + TF-IDF fit, one process: %s %.2f MB/s (veille: see the criterion bench text_pipeline)" % (x["peer"], x["mb_per_s"]))
n_bulk = sum(1 for _ in open(f"{w}/bulk.jsonl"))
print("bulk scoring, %d articles: veille %.0f articles/s (%.2f s, peak RSS %.0f MB)" % (n_bulk, n_bulk / vbulk, vbulk, vbulk_kb / 1024))
for x in extra:
    if x["what"] == "bulk":
        print("bulk scoring, %d articles: %s %d articles/s (%.2f s, model already loaded); ratio %.1f" % (x["articles"], x["peer"], x["articles_per_s"], x["seconds"], (n_bulk / vbulk) / x["articles_per_s"]))
print("training the section task: veille peak RSS %.0f MB" % (vtrain_kb / 1024))
print("cold start, veille score (one article, median of 20): %.1f ms" % vcold)
for x in extra:
    if x["what"] == "cold":
        print("cold start, %s (median of 20): %.1f ms; ratio %.1f" % (x["peer"], x["median_ms"], x["median_ms"] / vcold))
PY
