"""Build casa's documentation site from the notebooks, with no quarto and no network.

    pip install -e ".[dev,docs]"
    python tools/build_docs.py            # -> docs/_build/html/index.html
    python tools/test_docs.py             # the browser test of that site (Debian's chromium + chromium-driver)

Each notebook of nbs/ (index.ipynb, the chapters in order, then nbs/tutorials/) goes through nbdev's own
notebook processors that need no kernel (show_doc cells after exported cells, hide_line, ANSI stripping,
headings ending in ' -' removed, magics cleaned), its directives become myst-nb cell tags (`#| hide`,
`#| default_exp` and `#| include: false` cells are left out, `#| echo: false` hides the code, `#| output: false`
the output), and each show_doc cell is replaced by nbdev's show_doc markdown for the object, rendered in this
process from the imported casa module, with a link to its lines in the module's source page; exported code
follows its API sections, folded under an 'Exported source' toggle. Backticked names of
documented symbols, `casa.<module>` names, notebook names and "chapter `x`" become links to their pages.
The processed notebooks are written to docs/_build/src/ (pages named as nbdev names them: 00_core.ipynb ->
core.html) and rendered by Sphinx + myst-nb with the configuration in docs/conf.py. No notebook is executed:
outputs are those stored in the notebooks. MathJax 3 is copied from the django-static-mathjax package (its files only).
Sphinx warnings (a broken internal link or anchor among them) fail the build unless --allow-warnings.
With quarto installed, `nbdev_docs` builds nbdev's standard site instead.
"""
import argparse, ast, re, shutil, sys, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = root/'nbs'


def reading_order():
    "Notebooks in reading order: index, the numbered chapters, then the tutorials."
    chapters = sorted(p for p in nbs.glob('*.ipynb') if re.match(r'\d+[a-zA-Z0-9]*_', p.name))
    tutorials = sorted((nbs/'tutorials').glob('*.ipynb'))
    return [nbs/'index.ipynb'] + chapters + tutorials


def page_name(p):
    "The page's path without suffix, as nbdev names it: nbs/00_core.ipynb -> core, nbs/tutorials/x.ipynb -> tutorials/x."
    rel = p.relative_to(nbs)
    return (rel.parent/re.sub(r'^\d+[a-zA-Z0-9]*_', '', rel.stem.lower())).as_posix()


def _default_exp(cells):
    for c in cells:
        if c.cell_type == 'code':
            m = re.search(r'^\s*#\|\s*default_exp\s+(\S+)', ''.join(c.source), re.MULTILINE)
            if m: return m.group(1)


def heading_anchors(md, slugs, max_level=4):
    "The anchors myst-parser gives the headings of markdown `md` (GitHub's rule, made unique against `slugs`, in order)."
    from myst_parser.slugs import github_slugify, unique_slug
    out = []
    for level, title in re.findall(r'^(#{1,6})\s+(.*?)\s*#*\s*$', _re_fence.sub('', md), re.MULTILINE):
        if len(level) > max_level: continue
        title = re.sub(r'\$[^$]*\$', '', title)                        # math is not part of the slug
        title = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', title)          # link text is
        slug = unique_slug(github_slugify(title.replace('`', '').replace('*', '')), slugs)
        if slug: slugs.add(slug); out.append(slug)
    return out


def _tag(cell, *tags):
    cell.setdefault('metadata', {}).setdefault('tags', [])
    cell.metadata['tags'] = list(dict.fromkeys(list(cell.metadata['tags']) + list(tags)))


def source_link(obj, page):
    "A link to the object's lines in the module's source page (written by `write_source_pages`)."
    import inspect
    try:
        f = inspect.unwrap(obj)
        mod = inspect.getmodule(f).__name__
        line = inspect.getsourcelines(f)[1]
    except (TypeError, OSError, AttributeError): return ''
    if not mod.startswith('casa.'): return ''
    up = '../' * page.count('/')
    return f'<a class="casa-source" href="{up}_source/{mod}.py.html#L-{line}">source</a>'


def write_source_pages(html):
    "Each casa module as a highlighted page with line anchors (#L-<n>), the targets of the API sections' source links."
    import pygments, pygments.formatters, pygments.lexers
    lexer = pygments.lexers.PythonLexer()
    dest = html/'_source'
    dest.mkdir(parents=True, exist_ok=True)
    for py in sorted((root/'casa').glob('*.py')):
        mod = f'casa.{py.stem}' if py.stem != '__init__' else 'casa'
        fmt = pygments.formatters.HtmlFormatter(full=True, linenos='inline', lineanchors='L', anchorlinenos=True,
                                                title=f'{mod} ({py.relative_to(root).as_posix()}, exported from the notebooks)')
        (dest/f'{mod}.py.html').write_text(pygments.highlight(py.read_text(encoding='utf-8'), lexer, fmt), encoding='utf-8')


def process_notebook(path, symbols):
    "nbdev's kernel-free processors, show_doc rendered in this process, directives as myst-nb tags."
    import importlib
    from nbdev.process import NBProcessor
    from nbdev.processors import add_show_docs, strip_ansi, hide_line, rm_header_dash, clean_magics, strip_hidden_metadata
    from nbdev.showdoc import show_doc
    from execnb.nbio import read_nb

    nb = read_nb(path)
    mod_name = _default_exp(nb.cells)
    module = importlib.import_module(f'casa.{mod_name}') if mod_name else None
    page = page_name(path)

    def directives(cell):
        d = cell.directives_ if cell.cell_type == 'code' else {}
        if not cell.get('source') and cell.cell_type == 'code' and not cell.get('outputs'): cell.source = None; return
        if d.keys() & {'hide', 'default_exp'} or d.get('include:') == ['false']: cell.source = None; return
        if d.get('echo:') == ['false']: _tag(cell, 'remove-input')
        if d.get('output:') == ['false']: _tag(cell, 'remove-output')
        if d.keys() & {'export', 'exports', 'exporti'} and 'remove-input' not in cell.metadata.get('tags', []):
            _tag(cell, 'hide-input')    # exported source, folded: its API section follows it

    def render_show_docs(cell):
        if cell.cell_type != 'code' or not re.match(r'\s*show_doc\(', cell.source or ''): return
        if module is None: raise RuntimeError(f'{path.name}: show_doc outside a module notebook: {cell.source}')
        call = ast.parse(cell.source.strip()).body[0].value
        name = ast.unparse(call.args[0])
        obj = eval(name, vars(module))
        md = re.sub(r'^\[source\]\([^)]*\)(\{[^}\n]*\})?\s*$', '', show_doc(obj)._repr_markdown_(), flags=re.MULTILINE)
        md = re.sub(r'\n{3,}', '\n\n', md).strip()
        src = source_link(obj, page)
        md = re.sub(r'^---\s*\n', '', md).strip()     # a rule may not open a section in docutils: an HTML one instead
        md = '<hr class="casa-api">\n\n' + (f'{src}\n\n' if src else '') + md
        # the signature (with nbdev's parameter comments) wraps instead of scrolling sideways
        md = re.sub(r'^```python\n(def |class )', r'```{code-block} python\n:class: casa-signature\n\n\1', md, count=1, flags=re.MULTILINE)
        cell.cell_type, cell.source, cell.metadata, cell.api_names_ = 'markdown', md, {}, (name, mod_name)
        for k in ('outputs', 'execution_count'): cell.pop(k, None)

    procs = [add_show_docs, strip_ansi, hide_line, rm_header_dash, clean_magics, strip_hidden_metadata,
             directives, render_show_docs]
    NBProcessor(nb=nb, procs=procs).process()
    # as nbdev's mv_exports does for `exports` cells: the API sections first, then the folded source they document
    cells, out, i = nb.cells, [], 0
    while i < len(cells):
        j = i + 1
        while j < len(cells) and getattr(cells[j], 'api_names_', None): j += 1
        folded = cells[i].cell_type == 'code' and 'hide-input' in cells[i].get('metadata', {}).get('tags', [])
        out += cells[i + 1:j] + [cells[i]] if folded and j > i + 1 else cells[i:j]
        i = j
    nb.cells = out
    slugs = set()    # the anchors of the page's headings, in order: those of the API sections are link targets
    for c in nb.cells:
        if c.cell_type != 'markdown': continue
        anchors = heading_anchors(c.source, slugs)
        if getattr(c, 'api_names_', None) and anchors:
            name, mod_name = c.api_names_
            for key in (name, f'{mod_name}.{name}', f'casa.{mod_name}.{name}'): symbols.setdefault(key, []).append((page, anchors[0]))
    return nb


_re_fence = re.compile(r'(^```.*?^```[^\n]*$)', re.MULTILINE | re.DOTALL)
_re_code = re.compile(r'(?<![\[`])`([^`\n]+)`(?!`|\]\()')


def linkify(md, page, symbols, pages):
    "Backticked names of documented symbols, casa modules, notebooks and chapters become links (outside code fences)."
    here = Path(page).parent

    def rel(target_page, anchor=''):
        href = Path(*['..'] * len(here.parts), target_page + '.ipynb').as_posix() if here.parts else target_page + '.ipynb'
        return href + (f'#{anchor}' if anchor else '')

    def chapter_page(name):
        name = name.removeprefix('nbs/').removesuffix('.ipynb')
        for p in pages:
            if name in (p, re.sub(r'^tutorials/', '', p), 'casa.' + p) or name == pages[p]: return p

    def sub_code(text, chapter_context):
        def one(m):
            if text[text.rfind('\n', 0, m.start()) + 1:].startswith('#'): return m.group(0)    # headings keep their text
            name = m.group(1).strip()
            key = name.removesuffix('()')
            hits = symbols.get(key, [])
            if hits:
                tgt = next((h for h in hits if h[0] == page), hits[0] if len({h[0] for h in hits}) == 1 else None)
                if tgt: return f'[`{name}`]({rel(*tgt)})'
            p = chapter_page(name) if (chapter_context(m.start()) or name.startswith(('casa.', 'nbs/')) or
                                         re.fullmatch(r'\d+[a-zA-Z0-9]*_\w+', name)) else None
            if p and p != page: return f'[`{name}`]({rel(p)})'
            return m.group(0)
        return _re_code.sub(one, text)

    out = []
    for part in _re_fence.split(md):
        if part.startswith('```'): out.append(part); continue
        # "chapter `x`", "chapters `x`, `y` and `z`": the backticked names right after the word are chapters
        spans = [(m.start(), m.end()) for m in re.finditer(r'\bchapters?\s+`[^`]+`(?:(?:,\s*|\s+and\s+|\s+or\s+)`[^`]+`)*', part)]
        out.append(sub_code(part, lambda i: any(a <= i < b for a, b in spans)))
    return ''.join(out)


def toctree(caption, entries):
    return f'```{{toctree}}\n:hidden:\n:caption: {caption}\n\n' + '\n'.join(entries) + '\n```'


def build_sources(src):
    "Write the processed notebooks to `src`; returns {page: notebook path}."
    from execnb.nbio import write_nb, mk_cell
    order = reading_order()
    pages = {page_name(p): p.relative_to(nbs).as_posix() for p in order}
    symbols, processed = {}, {}
    for p in order: processed[page_name(p)] = process_notebook(p, symbols)
    for page, nb in processed.items():
        for c in nb.cells:
            if c.cell_type == 'markdown': c.source = linkify(c.source, page, symbols, {k: Path(v).stem for k, v in pages.items()})
    index = processed['index']
    chapters = [p for p in pages if p != 'index' and not p.startswith('tutorials/')]
    tutorials = [p for p in pages if p.startswith('tutorials/')]
    index.cells.append(mk_cell(toctree('Chapters', chapters), 'markdown'))
    if tutorials: index.cells.append(mk_cell(toctree('Tutorials', tutorials), 'markdown'))
    if src.exists(): shutil.rmtree(src)
    for page, nb in processed.items():
        dest = src/(page + '.ipynb')
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_nb(nb, dest)
    if (nbs/'images').is_dir(): shutil.copytree(nbs/'images', src/'images')   # figures the prose shows (![...](images/...))
    return pages


def copy_mathjax(out):
    "MathJax 3 (the es5 build of the django-static-mathjax package: the files only, no Django) into _static/mathjax."
    import mathjax
    es5 = Path(mathjax.__file__).parent/'static'/'mathjax'/'es5'
    dest = out/'_static'/'mathjax'
    if dest.exists(): shutil.rmtree(dest)
    # tex-chtml.js and what it loads on demand (TeX extensions, fonts, menu, accessibility); not the other bundles
    shutil.copytree(es5, dest, ignore=shutil.ignore_patterns('tex-svg*', 'tex-mml-*', 'mml-*', 'tex-chtml-full*',
                                                              'node-main.js', 'svg', 'svg.js'))
    shutil.copy(es5.parent/'LICENSE', dest/'LICENSE')


def main(argv=None):
    ap = argparse.ArgumentParser(description='Build the documentation site from the notebooks (Sphinx + myst-nb).')
    ap.add_argument('--out', default=str(root/'docs'/'_build'), help='build folder: src/ (processed notebooks) and html/')
    ap.add_argument('--allow-warnings', action='store_true', help="don't fail on Sphinx warnings")
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args(argv)
    out = Path(a.out).resolve()
    t0 = time.time()
    pages = build_sources(out/'src')
    t1 = time.time()
    from sphinx.cmd.build import build_main
    html = out/'html'
    args = ['-b', 'html', '-c', str(root/'docs'), '-E', '-j', 'auto', str(out/'src'), str(html)]
    if not a.allow_warnings: args[4:4] = ['-W', '--keep-going']
    if a.quiet: args.insert(0, '-q')
    rc = build_main(args)
    copy_mathjax(html)
    write_source_pages(html)
    t2 = time.time()
    print(f'docs: {len(pages)} pages ({t1 - t0:.1f} s processing notebooks, {t2 - t1:.1f} s Sphinx) -> {html/"index.html"}'
          + ('' if rc == 0 else f'; sphinx-build failed (exit {rc})'))
    return rc


if __name__ == '__main__': sys.exit(main())
