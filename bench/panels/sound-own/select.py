import random, json
SEED = 20250611
rng = random.Random(SEED)
fields, cur = {}, None
for l in open('tuning_terms.txt', encoding='utf-8'):
    l = l.strip()
    if not l: continue
    if l.startswith('#'): cur = l[1:].strip(); fields[cur] = []; continue
    fields[cur].append(l)
chosen = []
for f, ts in fields.items():
    for t in rng.sample(ts, 4): chosen.append((f, t))
order = list(range(60)); rng.shuffle(order)
combos = [('rank', 'good')] * 25 + [('good', 'loose')] * 20 + [('rank', 'loose')] * 15
plan = {}
for i, c in zip(order, combos): plan[chosen[i][1]] = c
eng = {json.loads(l)['term']: [k['keyword'] for k in json.loads(l)['keywords']] for l in open('engine_tuning.jsonl')}
out = []
for f, t in chosen:
    c = plan[t]
    r = None
    if 'rank' in c:
        cands = [k for k in eng[t][1:5] if k.lower() != eng[t][0].lower()]
        r = rng.choice(cands); rk = eng[t].index(r) + 1
    out.append(dict(field=f, term=t, extra=c, top=eng[t][0], rank=r, rank_pos=rk if r else None, all=eng[t]))
json.dump(out, open('plan.json', 'w'), indent=1)
for o in out: print(o['field'][:10], '|', o['term'], '|', o['extra'], '|', o['top'], '|', o['rank'], o['rank_pos'], '|', ' / '.join(o['all']))
