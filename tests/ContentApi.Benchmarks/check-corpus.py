#!/usr/bin/env python3
"""Validate a ContentApi NDJSON corpus (dotnet run --project tests/ContentApi.Benchmarks -c Release -- corpus ...) against
the service's create-request rules and print its distributions. Usage: python3 check-corpus.py FILE; exits 1 on any violation."""
import collections, json, re, statistics, sys
from datetime import datetime, timezone

SLUG = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
TS = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
LANG = re.compile(r'^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$')
ORDER = ['byline', 'tag', 'entity', 'article']
KEYS = {
    'byline': ['record', 'slug', 'name', 'role', 'bio', 'avatarUrl', 'links'],
    'tag': ['record', 'slug', 'name', 'description', 'type'],
    'entity': ['record', 'slug', 'name', 'type', 'aliases', 'description', 'wikidataId', 'geoNamesId'],
    'article': ['record', 'slug', 'headline', 'standfirst', 'body', 'section', 'status', 'publishAt', 'language', 'canonicalUrl',
                'featuredImage', 'syndication', 'bylines', 'tags', 'entities', 'relatedArticles'],
}
errors = collections.Counter()
examples = {}

def fail(kind, detail):
    errors[kind] += 1
    examples.setdefault(kind, detail)

def slug_ok(s):
    return isinstance(s, str) and len(s) <= 80 and SLUG.match(s) and re.search('[a-z]', s)

def url_ok(u):
    return isinstance(u, str) and len(u) <= 2048 and re.match(r'^https?://[^/\s]+', u)

def text_ok(v, n, nullable=True):
    return (v is None and nullable) or (isinstance(v, str) and len(v) <= n)

slugs = {k: set() for k in ORDER}
entities = {}
tag_use, entity_use, byline_use = collections.Counter(), collections.Counter(), collections.Counter()
status, lang, section = collections.Counter(), collections.Counter(), collections.Counter()
words, n_bylines, n_tags, n_entities = [], [], [], []
synd = image = head_mention = 0
mentioned = total_refs = 0
dates = []
stage = 0
lines = 0
START, END = datetime(2021, 11, 1, tzinfo=timezone.utc), datetime(2026, 11, 1, tzinfo=timezone.utc)

with open(sys.argv[1], encoding='utf-8') as f:
    for lineno, line in enumerate(f, 1):
        lines += 1
        try:
            r = json.loads(line)
        except Exception as e:
            fail('unparseable line', f'{lineno}: {e}')
            continue
        kind = r.get('record')
        if kind not in ORDER:
            fail('unknown record', lineno); continue
        if ORDER.index(kind) < stage:
            fail('record order', lineno)
        stage = max(stage, ORDER.index(kind))
        if list(r.keys()) != KEYS[kind]:
            fail(f'{kind} keys', list(r.keys()))
        s = r['slug']
        if not slug_ok(s): fail(f'{kind} slug invalid', s)
        if s in slugs[kind]: fail(f'{kind} slug duplicate', s)
        slugs[kind].add(s)
        if kind == 'byline':
            if not (r['name'] and len(r['name']) <= 120): fail('byline name', r['name'])
            if not text_ok(r['role'], 120) or not text_ok(r['bio'], 2000): fail('byline role/bio', s)
            if not url_ok(r['avatarUrl']): fail('byline avatar', r['avatarUrl'])
            if len(r['links']) > 20 or any(l['kind'] not in ('website', 'x', 'bluesky', 'mastodon', 'linkedin', 'other') or not url_ok(l['url']) for l in r['links']):
                fail('byline links', s)
        elif kind == 'tag':
            if not (r['name'] and len(r['name']) <= 120): fail('tag name', r['name'])
            if not text_ok(r['description'], 2000): fail('tag description', s)
            if r['type'] not in ('topic', 'place', 'series', 'format', 'other'): fail('tag type', r['type'])
        elif kind == 'entity':
            name = r['name']
            if not (name and len(name) <= 120): fail('entity name', name)
            if r['type'] not in ('person', 'organisation', 'place', 'event', 'other'): fail('entity type', r['type'])
            al = r['aliases']
            low = [a.lower() for a in al]
            if len(set(low)) != len(low) or name.lower() in low or len(al) > 50 or any(not a or len(a) > 120 for a in al):
                fail('entity aliases', (name, al))
            if not text_ok(r['description'], 2000): fail('entity description', s)
            if r['wikidataId'] is not None or r['geoNamesId'] is not None: fail('entity ids', s)
            entities[s] = [name] + al
        else:
            if not (r['headline'] and len(r['headline']) <= 200): fail('headline', r['headline'])
            if not text_ok(r['standfirst'], 500): fail('standfirst', s)
            if not (isinstance(r['body'], str) and len(r['body']) <= 200_000): fail('body', s)
            if not (r['section'] and len(r['section']) <= 120): fail('section', s)
            st = r['status']
            if st not in ('published', 'draft', 'scheduled', 'archived'): fail('status', st)
            pa = r['publishAt']
            if pa is not None:
                if not TS.match(pa): fail('publishAt format', pa)
                d = datetime.strptime(pa, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc)
                if st == 'scheduled' and d.year != 2027: fail('scheduled not in 2027', pa)
                if st in ('published', 'archived'):
                    if not START <= d < END: fail('published out of range', pa)
                    dates.append(d)
            if st == 'scheduled' and pa is None: fail('scheduled without publishAt', s)
            if st in ('published', 'archived') and pa is None: fail('published without publishAt', s)
            if st in ('published', 'scheduled') and not r['bylines']: fail('published/scheduled without byline', s)
            if not LANG.match(r['language']) or len(r['language']) > 35: fail('language', r['language'])
            if r['canonicalUrl'] is not None and not url_ok(r['canonicalUrl']): fail('canonicalUrl', r['canonicalUrl'])
            fi = r['featuredImage']
            if fi is not None:
                image += 1
                if list(fi) != ['url', 'altText', 'caption', 'credit'] or not url_ok(fi['url']) or not text_ok(fi['altText'], 500) \
                        or not text_ok(fi['caption'], 1000) or not text_ok(fi['credit'], 120):
                    fail('featuredImage', fi)
            sy = r['syndication']
            if list(sy) != ['allowed', 'licence', 'expiresAt'] or not isinstance(sy['allowed'], bool) or not text_ok(sy['licence'], 2000) \
                    or (sy['expiresAt'] is not None and not TS.match(sy['expiresAt'])) or (not sy['allowed'] and (sy['licence'] or sy['expiresAt'])):
                fail('syndication', sy)
            synd += sy['allowed']
            bl = [b['byline'] for b in r['bylines']]
            if len(set(bl)) != len(bl) or len(bl) > 20: fail('byline duplicates', s)
            for b in r['bylines']:
                if b['byline'] not in slugs['byline']: fail('byline unresolved', b['byline'])
                if b['role'] not in ('writer', 'reporting', 'photographer', 'editor'): fail('byline role', b['role'])
                byline_use[b['byline']] += 1
            for field, pool, use in (('tags', slugs['tag'], tag_use), ('entities', slugs['entity'], entity_use)):
                refs = r[field]
                if len(refs) > 50 or len(set(refs)) != len(refs): fail(f'{field} count/duplicates', s)
                for x in refs:
                    if x not in pool: fail(f'{field} unresolved', x)
                    use[x] += 1
            if r['relatedArticles'] != []: fail('relatedArticles', s)
            status[st] += 1; lang[r['language']] += 1; section[r['section']] += 1
            words.append(len(r['body'].split()))
            n_bylines.append(len(bl)); n_tags.append(len(r['tags'])); n_entities.append(len(r['entities']))
            names = [entities.get(e, []) for e in r['entities']]
            if any(n in r['headline'] for ns in names for n in ns): head_mention += 1
            for ns in names:
                total_refs += 1
                if any(n in r['body'] for n in ns): mentioned += 1

n = len(words)
tag_names = {}
print(f'lines {lines}: {len(slugs["byline"])} bylines, {len(slugs["tag"])} tags, {len(slugs["entity"])} entities, {n} articles')
print('constraint violations:', 'none' if not errors else dict(errors))
for k, v in examples.items():
    print(f'  e.g. {k}: {v}')
if n:
    pct = lambda c: ', '.join(f'{k} {100 * v / n:.2f}%' for k, v in c.most_common())
    print('status:', pct(status))
    print('language:', pct(lang))
    print('section:', pct(section))
    print(f'words per body: mean {statistics.mean(words):.1f}, median {statistics.median(words)}, min {min(words)}, max {max(words)}')
    print(f'per article: bylines {statistics.mean(n_bylines):.2f} ({min(n_bylines)}-{max(n_bylines)}), '
          f'tags {statistics.mean(n_tags):.2f} ({min(n_tags)}-{max(n_tags)}), entities {statistics.mean(n_entities):.2f} ({min(n_entities)}-{max(n_entities)})')
    print(f'syndication allowed {100 * synd / n:.1f}%, featured image {100 * image / n:.1f}%')
    print(f'headline names one of its entities: {100 * head_mention / n:.1f}% of articles; '
          f'entity named in body (name or alias): {100 * mentioned / total_refs:.1f}% of references')
    if dates:
        years = collections.Counter(d.year for d in dates)
        print('published by year:', dict(sorted(years.items())), f'range {min(dates):%Y-%m-%d}..{max(dates):%Y-%m-%d}')
    print('top-10 tags (share of articles):', ', '.join(f'{t} {100 * c / n:.1f}%' for t, c in tag_use.most_common(10)))
    print('top-10 entities (share of articles):', ', '.join(f'{t} {100 * c / n:.1f}%' for t, c in entity_use.most_common(10)))
    print(f'tags used at least once: {len(tag_use)}/{len(slugs["tag"])}; used once: {sum(1 for c in tag_use.values() if c == 1)}; '
          f'entities used: {len(entity_use)}/{len(slugs["entity"])}, used <= 3 times: {sum(1 for c in entity_use.values() if c <= 3)}')
    top_b = byline_use.most_common()
    print(f'bylines: most credited {top_b[0][1]}, median {statistics.median(c for _, c in top_b)}, least {top_b[-1][1]} credits')
    ranks = [c for _, c in tag_use.most_common()]
    if len(ranks) >= 100:
        print(f'tag frequency by rank 1/10/100/1000: {ranks[0]}/{ranks[9]}/{ranks[99]}/{ranks[min(999, len(ranks) - 1)]}')
sys.exit(1 if errors else 0)
