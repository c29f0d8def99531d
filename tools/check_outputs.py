"""Check that the committed notebooks carry their outputs, and that the outputs are clean.

    python tools/check_outputs.py        # after python tools/run_notebooks.py; run by .ci/docs

It does not judge whether outputs are stale (that takes running the notebooks); it checks that they exist and are
fit to read. For every chapter and tutorial:

- a cell that draws (it calls `plt.`, `plot_...(`, `.plot(`, `specshow`, `imshow`, `show_...(`, but not `show_doc`) has a figure in its
  outputs, and a cell that makes a player (`listen(`, `Audio(`) has an audio player, unless it is a cell that is not
  run by `nbdev_test` (`#| slow`, `#| cuda`, `#| eval: false`) or a definition (`#| export`);
- a notebook that has cells `nbdev_test` runs holds outputs (it was executed);
- no output holds an error, a progress bar, an absolute path of this machine, a duration ("in 12 s"), or more than
  60 lines of text;
- no figure is larger than 400 KB, and no notebook larger than 2 MB.
Ends with "notebook outputs: N passed, N failed" (one per notebook); exit 1 if any failed.
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_notebooks import DURATION, ROOT, directives, notebooks, skip_flags, skipped  # noqa: E402

DRAWS = re.compile(r'(^|[^\w.])(plt\.|plot_\w*\(|specshow\(|imshow\(|show_(?!doc)\w+\()|\.plot\(')
PLAYS = re.compile(r'(^|[^\w.])(listen\(|Audio\()')
ABSOLUTE = re.compile(r'(?<![\w.<])(/tmp/|/root\b|/home/|/work/|/Users/|/private/var/|C:\\\\)')
PROGRESS = re.compile(r'\d+%\|[^\n]*\||\d+(\.\d+)?(it|s)/(s|it)\]')
MAX_LINES, MAX_FIGURE, MAX_NOTEBOOK = 60, 400_000, 2_000_000


def src(cell) -> str:
    s = cell.get('source', '')
    return ''.join(s) if isinstance(s, list) else s


def texts(o) -> list[str]:
    "The text parts of an output."
    out = []
    if 'text' in o: out.append(''.join(o['text']) if isinstance(o['text'], list) else o['text'])
    for k, v in (o.get('data') or {}).items():
        if k.startswith('text/'): out.append(''.join(v) if isinstance(v, list) else v)
    return out


def has_figure(cell) -> bool:
    return any('image/png' in (o.get('data') or {}) or 'image/svg+xml' in (o.get('data') or {}) for o in cell.get('outputs', []))


def has_player(cell) -> bool:
    return any('<audio' in t for o in cell.get('outputs', []) for t in texts(o))


def check(path: Path, flags: set[str]) -> list[str]:
    "The problems of one notebook (empty: it passes)."
    nb, problems = json.loads(path.read_text()), []
    runnable = [c for c in nb['cells'] if not skipped(c, flags)]
    if not nb['cells']: return ['no cells']
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        s, where = src(c), f'cell {i}'
        if not skipped(c, flags) and 'export' not in directives(s) and 'exports' not in directives(s):
            code = '\n'.join(l for l in s.splitlines() if not l.lstrip().startswith('#'))
            if DRAWS.search(code) and not has_figure(c): problems.append(f'{where} draws but has no figure in its outputs')
            if PLAYS.search(code) and not has_player(c): problems.append(f'{where} makes an audio player but has none in its outputs')
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': problems.append(f"{where} holds an error ({o.get('ename')})")
            for t in texts(o):
                if ABSOLUTE.search(t): problems.append(f'{where} prints an absolute path: {ABSOLUTE.search(t).group(0)!r}')
                if PROGRESS.search(t) or '\r' in t: problems.append(f'{where} holds a progress bar')
                if DURATION.search(t): problems.append(f'{where} prints a duration ({DURATION.search(t).group(0)!r}), which changes on every run')
                if o.get('output_type') == 'stream' and t.count('\n') > MAX_LINES: problems.append(f'{where} prints {t.count(chr(10))} lines (at most {MAX_LINES})')
            for k, v in (o.get('data') or {}).items():
                if k.startswith('image/') and len(''.join(v)) > MAX_FIGURE * 4 / 3:
                    problems.append(f'{where} holds a figure of {len("".join(v)) * 3 // 4 // 1000} KB (at most {MAX_FIGURE // 1000} KB)')
    if any(c['cell_type'] == 'code' for c in runnable) and not any(c.get('outputs') for c in nb['cells']):
        problems.append('not executed: no cell has outputs (python tools/run_notebooks.py ' + str(path.relative_to(ROOT)) + ')')
    if path.stat().st_size > MAX_NOTEBOOK: problems.append(f'{path.stat().st_size // 1000} KB (at most {MAX_NOTEBOOK // 1000} KB)')
    return problems


def main():
    flags, passed, failed = skip_flags(), 0, 0
    for p in notebooks():
        problems = check(p, flags)
        name = p.relative_to(ROOT)
        if problems:
            failed += 1
            print(f'FAIL {name}: ' + '; '.join(problems[:6]) + (f' (+{len(problems) - 6} more)' if len(problems) > 6 else ''))
        else:
            passed += 1
    print(f'notebook outputs: {passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
