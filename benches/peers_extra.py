"""The peers' side of the speed figures that ../shared/peers does not print in one run, on the
section-task split written by sections.py (WORK/train.jsonl, WORK/test.jsonl):

  text    scikit-learn TfidfVectorizer (word 1-2, sublinear) with NLTK Snowball stemming: MB/s of
          title + lede text through fit_transform, one process (the per-core figure veille's
          text pipeline + TF-IDF is compared with);
  bulk    scoring the 30,912 Le Monde items (title + lede) with the saved best scikit-learn
          pipeline: articles/s, one process;
  cold    one article scored from a shell (python start, imports, model load, one prediction),
          median of RUNS: scikit-learn (joblib) and fastText (quantised .ftz, the fast one).

Usage: python peers_extra.py WORK BULK_JSONL [RUNS]. Prints one JSON object per line.
"""
import functools, json, os, re, statistics, subprocess, sys, time

work, bulk = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
W = re.compile(r"\w+")


def tok(t):
    return W.findall(t.lower())


def load(p):
    return [json.loads(l) for l in open(p)]


def text(r):
    return (r.get("title") or "") + " " + (r.get("text") or "")


train, test = load(os.path.join(work, "train.jsonl")), load(os.path.join(work, "test.jsonl"))
docs = [text(r) for r in train]
mb = sum(len(d.encode()) for d in docs) / 1e6

from nltk.stem.snowball import FrenchStemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC
import joblib

stem = FrenchStemmer().stem


def tok_stem(t):
    return [stem(w) for w in W.findall(t.lower())]


# Plain NLTK stemming, and the faster variant with a stem cache (as ../shared/peers did).
cached = functools.lru_cache(maxsize=None)(stem)


def tok_stem_cached(t):
    return [cached(w) for w in W.findall(t.lower())]


for name, tokenizer in (("NLTK Snowball", tok_stem), ("NLTK Snowball, cached", tok_stem_cached)):
    t0 = time.time()
    TfidfVectorizer(tokenizer=tokenizer, lowercase=False, token_pattern=None, sublinear_tf=True,
                    min_df=2, ngram_range=(1, 2)).fit_transform(docs)
    dt = time.time() - t0
    print(json.dumps({"what": "text", "peer": "scikit-learn TfidfVectorizer 1-2 + " + name,
                      "mb": round(mb, 2), "seconds": round(dt, 2), "mb_per_s": round(mb / dt, 2)}), flush=True)

pipe = make_pipeline(TfidfVectorizer(tokenizer=tok, lowercase=False, token_pattern=None,
                                     sublinear_tf=True, min_df=2, ngram_range=(1, 2)),
                     LinearSVC(C=1, dual=True))
pipe.fit(docs, [r["section"] for r in train])
model = os.path.join(work, "sk.joblib")
# The tokenizer must be importable by the cold-start process: save it beside the model.
with open(os.path.join(work, "sktok.py"), "w") as f:
    f.write("import re\nW = re.compile(r'\\w+')\ndef tok(t):\n    return W.findall(t.lower())\n")
sys.path.insert(0, work)
import sktok

pipe.steps[0][1].tokenizer = sktok.tok
joblib.dump(pipe, model)

items = load(bulk)
t0 = time.time()
pipe.predict([text(r) for r in items])
dt = time.time() - t0
print(json.dumps({"what": "bulk", "peer": "scikit-learn tfidf 1-2 + LinearSVC (joblib)",
                  "articles": len(items), "seconds": round(dt, 2),
                  "articles_per_s": round(len(items) / dt)}), flush=True)


def median_ms(cmd):
    times = []
    for _ in range(runs):
        t0 = time.time()
        subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.time() - t0) * 1000)
    return round(statistics.median(times), 1)


py = sys.executable
one = "La police renforce la sécurité à Rabat."
sk_cmd = (f"cd {work} && echo '{one}' | {py} -c \"import sys, joblib; "
          f"m = joblib.load('{model}'); print(m.predict([sys.stdin.read()])[0])\"")
print(json.dumps({"what": "cold", "peer": "scikit-learn (joblib)", "median_ms": median_ms(sk_cmd)}), flush=True)

try:
    import fasttext
except ImportError:
    sys.exit(0)
ft_train = os.path.join(work, "ft_train.txt")
if not os.path.exists(ft_train):
    with open(ft_train, "w") as f:
        for r in train:
            f.write("__label__" + r["section"] + " " + " ".join(tok(text(r))) + "\n")
m = fasttext.train_supervised(ft_train, epoch=25, lr=1.0, wordNgrams=2, dim=100, thread=1, seed=1, verbose=0)
m.quantize(input=ft_train, retrain=False)
ftz = os.path.join(work, "ft.ftz")
m.save_model(ftz)
ft_cmd = (f"echo '{one}' | {py} -c \"import sys, fasttext; "
          f"m = fasttext.load_model('{ftz}'); print(m.predict(sys.stdin.read().strip().lower())[0][0])\"")
print(json.dumps({"what": "cold", "peer": "fastText (quantised .ftz)", "median_ms": median_ms(ft_cmd)}), flush=True)
