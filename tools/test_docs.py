"""Browser test of the documentation site (built by tools/build_docs.py) in Debian's headless Chromium.

    apt-get install -y chromium chromium-driver     # once; Selenium comes with pip install -e ".[docs]"
    python tools/build_docs.py && python tools/test_docs.py

The site is served on 127.0.0.1 (an http.server in a thread) and Selenium drives /usr/bin/chromium through
/usr/bin/chromedriver. Checks: the home page and every page of the sidebar load when their sidebar link is
clicked, with the page marked current; their images have loaded (naturalWidth > 0) and their audio players
have no error; no raw `$...$`, `\\(...\\)` or `\\[...\\]` is left in their text once MathJax has run; no page
is wider than the window (wide tables scroll); no console error from the site's own files; searching for
"GWRP" in the search box finds pages; a crawl of every page finds no broken internal link, resource or
anchor. Screenshots of the home page, a chapter, the chapter's first API section, and a tutorial's figure and
audio players go to
<build>/screenshots/. Ends with "docs browser test: N passed, N failed" (exit 1 if any failed).
"""
import argparse, functools, html.parser, http.server, os, re, shutil, sys, tempfile, threading, time, urllib.error, \
    urllib.parse, urllib.request
from pathlib import Path

root = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = '/usr/bin/chromium', '/usr/bin/chromedriver'


class Results:
    def __init__(self): self.passed, self.failed = 0, []
    def check(self, name, problems):
        "`problems`: a list of strings (empty: the check passed)."
        if problems:
            self.failed.append(name)
            print(f'FAIL {name}: ' + '; '.join(map(str, problems[:8])) + (f' (+{len(problems) - 8} more)' if len(problems) > 8 else ''))
        else:
            self.passed += 1
            print(f'ok   {name}')


def serve(site):
    "Serve `site` on 127.0.0.1 (a free port) in a daemon thread; returns (server, base URL)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'


# ---- the link crawl (plain HTTP, no browser) ----
class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.refs, self.ids = [], set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ('id', 'name') if tag == 'a' else ('id',):
            if a.get(k): self.ids.add(a[k])
        for k in ('href', 'src'):
            if a.get(k) and not (tag == 'link' and a.get('rel') in ('preconnect', 'dns-prefetch')): self.refs.append((tag, a[k]))


def crawl(base):
    "Every page reachable from index.html: broken internal links, resources and anchors; returns (problems, pages, external)."
    pages, todo, problems, external, fetched = {}, [urllib.parse.urljoin(base, 'index.html')], [], set(), {}

    def get(url):
        if url not in fetched:
            try:
                with urllib.request.urlopen(url, timeout=30) as r: fetched[url] = (r.status, r.headers.get_content_type(), r.read())
            except urllib.error.HTTPError as e: fetched[url] = (e.code, '', b'')
        return fetched[url]

    anchors_wanted = []
    while todo:
        url = todo.pop()
        if url in pages: continue
        status, ctype, body = get(url)
        if status != 200 or ctype != 'text/html': continue
        p = _Links(); p.feed(body.decode('utf-8', 'replace')); pages[url] = p.ids
        for tag, ref in p.refs:
            if ref.startswith(('mailto:', 'javascript:', 'data:', 'tel:')): continue
            full = urllib.parse.urljoin(url, ref)
            target, frag = urllib.parse.urldefrag(full)
            if not target.startswith(base):
                external.add(target); continue
            st, ct, _ = get(target.split('?')[0])
            if st != 200: problems.append(f'{url[len(base):]}: {tag} {ref} -> HTTP {st}'); continue
            if frag: anchors_wanted.append((url, ref, target, urllib.parse.unquote(frag)))
            if ct == 'text/html' and tag == 'a' and target not in pages: todo.append(target)
    for url, ref, target, frag in anchors_wanted:
        if target not in pages:
            st, ct, body = get(target)
            if ct == 'text/html':
                p = _Links(); p.feed(body.decode('utf-8', 'replace')); pages[target] = p.ids
        if target in pages and frag not in pages[target]: problems.append(f'{url[len(base):]}: {ref} -> no anchor #{frag}')
    return problems, pages, external


# ---- the browser ----
def browser(user_dir):
    os.environ.setdefault('SE_OFFLINE', 'true')    # Selenium Manager: use the given browser and driver, download nothing
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
              '--disable-background-networking', '--disable-component-update', '--disable-sync',
              '--disable-dev-shm-usage', f'--user-data-dir={user_dir}', '--window-size=1400,1800'):
        o.add_argument(a)
    o.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    d = webdriver.Chrome(options=o, service=Service(executable_path=CHROMEDRIVER))
    d.set_page_load_timeout(60)
    return d


WAIT_MATH = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
if (!document.querySelector('script[src*="mathjax"]')) { done(document.querySelectorAll('.math').length ? 'no MathJax on a page with math' : ''); return; }
(function wait() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise)
    MathJax.startup.promise.then(() => done(''), e => done('MathJax failed: ' + e));
  else if (Date.now() - t0 > 15000) done('MathJax did not start in 15 s');
  else setTimeout(wait, 100);
})();
"""

PAGE_STATE = """
const art = document.querySelector('article') || document.body;
const clone = art.cloneNode(true);
clone.querySelectorAll('pre, code, script, style, textarea, mjx-assistive-mml').forEach(e => e.remove());
const text = clone.textContent;
const raw = [];
for (const re of [/\\$[^$\\s][^$\\n]{0,60}?\\$/g, /\\\\\\([\\s\\S]{0,60}?\\\\\\)/g, /\\\\\\[[\\s\\S]{0,60}?\\\\\\]/g])
  for (const m of text.matchAll(re)) raw.push(m[0]);
const imgs = Array.from(document.images);
const badImgs = imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src);
const audio = Array.from(document.querySelectorAll('audio'));
const badAudio = audio.filter(a => a.error).map(a => (a.currentSrc || '').slice(0, 60));
const wide = document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth;
const mathErr = document.querySelectorAll('mjx-merror, [data-mjx-error]').length;
const typeset = document.querySelectorAll('mjx-container').length;
const current = Array.from(document.querySelectorAll('.bd-sidenav a.current, .bd-sidenav li.current > a')).map(a => a.href);
return {h1: (document.querySelector('h1') || {}).textContent || '', raw, imgs: imgs.length, badImgs, audio: audio.length,
        badAudio, wide, mathErr, typeset, current, ready: document.readyState};
"""


def page_problems(d, timeout=20):
    "Load state of the current page, after its images and MathJax have settled."
    for img in d.find_elements('css selector', 'img'):    # lazy images load once scrolled to
        d.execute_script('arguments[0].loading = "eager"; arguments[0].scrollIntoView();', img)
    d.set_script_timeout(timeout)
    try: err = d.execute_async_script(WAIT_MATH)
    except Exception as e: err = f'MathJax did not finish in {timeout} s ({type(e).__name__})'
    t0 = time.time()
    while True:
        s = d.execute_script(PAGE_STATE)
        if not s['badImgs'] or time.time() - t0 > timeout: break
        time.sleep(0.3)
    probs = [err] if err else []
    if s['ready'] != 'complete': probs.append(f"document {s['ready']}")
    if not s['h1'].strip(): probs.append('no h1')
    if s['badImgs']: probs.append(f"{len(s['badImgs'])} of {s['imgs']} images not loaded: {s['badImgs'][:3]}")
    if s['badAudio']: probs.append(f"audio errors: {s['badAudio'][:3]}")
    if s['raw']: probs.append(f"{len(s['raw'])} raw formulas, e.g. {s['raw'][:3]}")
    if s['mathErr']: probs.append(f"{s['mathErr']} MathJax errors")
    if s['wide'] > 2: probs.append(f"page wider than the window by {s['wide']} px (a table or output does not scroll)")
    return probs, s


def console_problems(d, base):
    "SEVERE console entries that come from the site's own files (or name no file)."
    out = []
    for e in d.get_log('browser'):
        if e.get('level') != 'SEVERE': continue
        msg = e.get('message', '')
        if base in msg or not re.search(r'https?://', msg): out.append(msg[:200])
    return out


def screenshot(d, path, y=0):
    d.execute_script('window.scrollTo(0, arguments[0]);', y)
    time.sleep(0.3)
    d.save_screenshot(str(path))
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description='Browser test of the documentation site.')
    ap.add_argument('--build', default=str(root/'docs'/'_build'), help='build folder of tools/build_docs.py (html/ inside)')
    ap.add_argument('--chapter', default='pooling', help='the chapter page to take screenshots of')
    ap.add_argument('--tutorial', default='main_job_on_the_remix', help='the tutorial to take screenshots of a figure and its players in')
    a = ap.parse_args(argv)
    site, shots = Path(a.build)/'html', Path(a.build)/'screenshots'
    res, t_start = Results(), time.time()
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing or not (site/'index.html').exists():
        why = (f'{" and ".join(missing)} missing: apt-get install -y chromium chromium-driver' if missing
               else f'no site in {site}: run python tools/build_docs.py first')
        res.check('browser test can run', [why])
        print('docs browser test: 0 passed, 1 failed'); return 1
    shots.mkdir(parents=True, exist_ok=True)
    srv, base = serve(site)
    user_dir = tempfile.mkdtemp(prefix='casa-docs-chromium-')
    d = None
    try:
        t0 = time.time()
        probs, pages, external = crawl(base)
        res.check(f'link crawl: {len(pages)} pages, internal links, resources and anchors resolve', probs)
        print(f'     crawl {time.time() - t0:.1f} s; {len(external)} external addresses not followed')

        d = browser(user_dir)
        d.get(base + 'index.html')
        probs, s = page_problems(d)
        probs += [f'console: {m}' for m in console_problems(d, base)]
        res.check(f"home page loads ({s['imgs']} images, {s['typeset']} formulas)", probs)
        screenshot(d, shots/'home.png')
        nav = [(el.get_attribute('href'), el.text.strip()) for el in d.find_elements('css selector', '.bd-sidenav a.reference.internal')]
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import build_docs    # the pages the notebooks make, in reading order
        want = [build_docs.page_name(p) for p in build_docs.reading_order()]
        got = [urllib.parse.urldefrag(h)[0][len(base):].removesuffix('.html') for h, _ in nav]
        res.check(f'the sidebar lists the home page, the chapters and the tutorials in reading order ({len(want)} pages)',
                  [] if got == want else [f'sidebar {got}', f'notebooks {want}'])
        for href, title in nav:
            link = next((el for el in d.find_elements('css selector', '.bd-sidenav a.reference.internal')
                         if el.get_attribute('href') == href), None)
            if link is None: res.check(f'sidebar -> {title}', [f'no sidebar link to {href} on {d.current_url}']); continue
            d.execute_script('arguments[0].scrollIntoView({block: "center"});', link)
            link.click()
            t0 = time.time()
            while d.current_url.split('#')[0] != href.split('#')[0] and time.time() - t0 < 20: time.sleep(0.1)
            probs, s = page_problems(d)
            if d.current_url.split('#')[0] != href.split('#')[0]: probs.insert(0, f'clicking the link left the browser on {d.current_url}')
            if href.split('#')[0] not in [c.split('#')[0] for c in s['current']]: probs.append('the sidebar does not mark the page current')
            probs += [f'console: {m}' for m in console_problems(d, base)]
            page = href[len(base):]
            res.check(f"sidebar -> {page} '{title}' ({s['imgs']} images, {s['audio']} audio, {s['typeset']} formulas)", probs)
            if page == f'{a.chapter}.html':
                screenshot(d, shots/f'{a.chapter}.png')
                api = d.execute_script("const h = document.querySelector('article hr + section h3, article section section h3');"
                                       "return h ? h.getBoundingClientRect().top + window.scrollY - 80 : null;")
                if api is not None: screenshot(d, shots/f'{a.chapter}-api.png', api)
            if page == f'tutorials/{a.tutorial}.html':   # a figure and the players, as a reader scrolls to them
                for name, sel in (('figure', 'article img'), ('players', 'article .casa-players')):
                    y = d.execute_script("const e = document.querySelectorAll(arguments[0]); const el = e[Math.min(1, e.length - 1)];"
                                         "return el ? el.getBoundingClientRect().top + window.scrollY - 120 : null;", sel)
                    if y is not None: screenshot(d, shots/f'{a.tutorial}-{name}.png', y)

        # search, as a reader does it: the search field, "GWRP", Enter
        from selenium.webdriver.common.keys import Keys
        d.get(base + 'index.html')
        probs = []
        try:
            d.find_element('css selector', 'button.search-button-field, .search-button__button, button.search-button').click()
            box = next(el for el in d.find_elements('css selector', 'input[name="q"]') if el.is_displayed())
            box.send_keys('GWRP', Keys.ENTER)
            t0 = time.time()
            while time.time() - t0 < 30:
                hits = d.find_elements('css selector', '#search-results li, ul.search li')
                if hits and 'Searching' not in d.find_element('css selector', '#search-results, .search-results').text[:40]: break
                time.sleep(0.3)
            hits = [h.find_element('css selector', 'a').get_attribute('href') for h in d.find_elements('css selector', '#search-results li, ul.search li')]
            if not hits: probs.append(f'no results on {d.current_url}')
            elif not any('pooling' in h for h in hits): probs.append(f'chapter pooling not among {len(hits)} results')
            probs += [f'console: {m}' for m in console_problems(d, base)]
            screenshot(d, shots/'search.png')
        except Exception as e:
            probs.append(f'{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""}')
            hits = []
        res.check(f'search for "GWRP" finds pages ({len(hits)} results)', probs)
    finally:
        if d is not None: d.quit()
        srv.shutdown()
        shutil.rmtree(user_dir, ignore_errors=True)
    print(f'     screenshots in {shots}: {", ".join(sorted(p.name for p in shots.glob("*.png")))}')
    print(f'     browser test took {time.time() - t_start:.1f} s')
    print(f'docs browser test: {res.passed} passed, {len(res.failed)} failed')
    return 1 if res.failed else 0


if __name__ == '__main__': sys.exit(main())
