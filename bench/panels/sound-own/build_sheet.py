import json, csv, random
SEED = 20250611
plan = json.load(open('plan.json'))
terms = {p['term'] for p in plan}
tl = {l.strip().lower() for l in open('tuning_terms.txt') if l.strip() and not l.startswith('#')}
assert all(t.lower() in tl for t in terms)
human = {}
for r in csv.DictReader(open('human_keywords.tsv'), delimiter='\t'):
    assert r['term'] in terms, r
    human[(r['term'], r['source'])] = r['keyword']
rows = []
for p in plan:
    t = p['term']
    rows.append((t, p['top'], 'engine-top'))
    if 'rank' in p['extra']: rows.append((t, p['rank'], 'engine-rank2-5'))
    for s, name in (('good', 'human-good'), ('loose', 'human-loose')):
        if s in p['extra']: rows.append((t, human.pop((t, name)), name))
assert not human, human
# checks: one pair per source per term, no identical keywords per term
seen = {}
for t, k, s in rows:
    seen.setdefault(t, [])
    assert s not in [x[1] for x in seen[t]], (t, s)
    assert k.lower() not in [x[0].lower() for x in seen[t]], (t, k)
    assert k.lower() != t.lower()
    seen[t].append((k, s))
rng = random.Random(SEED)
rng.shuffle(rows)
with open('pairs.tsv', 'w') as f, open('key.tsv', 'w') as g:
    f.write('id\tterm\tkeyword\n'); g.write('id\tterm\tkeyword\tsource\n')
    for i, (t, k, s) in enumerate(rows, 1):
        f.write(f'{i}\t{t}\t{k}\n'); g.write(f'{i}\t{t}\t{k}\t{s}\n')
from collections import Counter
print(len(rows), len(seen), Counter(s for _, _, s in rows))
