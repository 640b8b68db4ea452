#!/usr/bin/env bash
# Side-by-side run of veille, scikit-learn and fastText on the same splits, same machine, same run.
#
#   benches/side_by_side.sh [VEILLE_BINARY]
#
# Needs the shared data and peers beside the repository (../shared) and a Python venv with the
# peers' pinned requirements: python3 -m venv ../peers-venv && ../peers-venv/bin/pip install -r
# ../shared/peers/requirements.txt (or set PEERS_PYTHON). Prints one table: task, tool,
# accuracy / micro-F1, macro-F1, seconds (train + predict, vectorisation included), and the
# time ratio peer / veille. Cold start: median of 20 runs of one article scored from a shell.
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

"$py" - "$work" "$vsec" "$vth" "$vthb" "$vcold" <<'PY'
import json, sys
w, vsec, vth, vthb, vcold = sys.argv[1], *map(float, sys.argv[2:])
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
print("cold start, veille score (one article, median of 20): %.1f ms" % vcold)
PY
