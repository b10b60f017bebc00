import csv, re, sys
def terms(p):
    return [l.strip() for l in open(p, encoding='utf-8') if l.strip() and not l.startswith('#')]
bad = set()
for r in csv.DictReader(open('/work/shared/panel/sound-panel.tsv', encoding='utf-8'), delimiter='\t'):
    bad.add(r['term'].lower())
bad |= {t.lower() for t in terms('/work/snap/bench/keyword_terms.txt')}
seed = open('/work/shared/seed/000_197aaf5b61859450.txt', encoding='utf-8').read()
for m in re.findall(r'\*\*([^*]+)\*\*', seed):
    m = m.strip().rstrip(':').strip()
    if not m or m.startswith('MIMAGES'): continue
    bad.add(m.lower())
    mm = re.match(r'(.*?)\s*\((.*)\)$', m)
    if mm:
        bad.add(mm.group(1).lower()); bad.add(mm.group(2).lower())
    for part in m.split('/'):
        bad.add(part.strip().lower())
seedl = seed.lower()
H, T = terms('heldout_terms.txt'), terms('tuning_terms.txt')
ok = True
for name, L in (('heldout', H), ('tuning', T)):
    low = [t.lower() for t in L]
    dup = {t for t in low if low.count(t) > 1}
    if dup: print(name, 'duplicates', dup); ok = False
    for t in L:
        if t.lower() in bad: print(name, 'FORBIDDEN', t); ok = False
        elif re.search(r'\b' + re.escape(t.lower()) + r'\b', seedl): print(name, 'note: appears in seed text (not as a term):', t)
ov = set(map(str.lower, H)) & set(map(str.lower, T))
if ov: print('overlap', ov); ok = False
print('heldout', len(H), 'tuning', len(T), 'forbidden-set size', len(bad), 'OK' if ok else 'FAIL')
