"""Execute casa's notebooks in place, so that each is committed with its figures, tables and printed results.

    python tools/run_notebooks.py                 # every chapter and tutorial (about 15 minutes on 2 cores)
    python tools/run_notebooks.py nbs/07_pooling.ipynb ...

Each notebook runs top to bottom in a process of its own, in its folder, as `nbdev_test` runs it: cells flagged
with one of settings.ini's `tst_flags` (`#| slow`, `#| cuda`) and `#| eval: false` cells are not run, and their
outputs are cleared (their prose says what they show and how to run them). For clean outputs, progress bars are off
(`TQDM_DISABLE=1`), figures are PNG at a modest resolution, and this machine's temporary folders and the repository's
absolute path are replaced by `<tmp>` and `.` in what the cells print, and durations a command prints
("trained ... in 12 s") by "in … s". A notebook that raises is left untouched and
the script exits non-zero. `nbdev_clean` cleans the executed notebooks at the end (only those: notebooks being edited
elsewhere are left alone); `tools/check_outputs.py` checks the result.
"""
import argparse
import configparser
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPI = 72


def notebooks() -> list[Path]:
    "The chapters and tutorials, in reading order (index.ipynb holds no code)."
    nbs = ROOT / 'nbs'
    return sorted(p for p in nbs.glob('[0-9]*.ipynb')) + sorted((nbs / 'tutorials').glob('*.ipynb'))


def skip_flags() -> set[str]:
    cfg = configparser.ConfigParser(); cfg.read(ROOT / 'settings.ini')
    return set(cfg['DEFAULT'].get('tst_flags', '').split())


def directives(source: str) -> dict[str, list[str]]:
    "`#| name: args` lines at the top of a cell."
    out = {}
    for line in source.splitlines():
        m = re.match(r'\s*#\s*\|\s*([\w-]+:?)\s*(.*)', line)
        if not m:
            if line.strip(): break
            continue
        out[m.group(1)] = m.group(2).split()
    return out


def skipped(cell, flags: set[str]) -> bool:
    if cell['cell_type'] != 'code': return True
    d = directives(''.join(cell['source']) if isinstance(cell['source'], list) else cell['source'])
    if d.get('eval:', [''])[0].lower() == 'false': return True
    return bool(flags & set(d))


_TMP = re.compile(r'/tmp/[\w.-]*tmp[\w.-]*|/tmp/[\w-]+\.\w{6,}')
DURATION = re.compile(r'\b(in|took) \d+(?:\.\d+)? ?(s|ms|min|seconds)\b')   # "trained ... in 12 s": changes on every run


def scrub(text: str) -> str:
    "This machine's paths out of an output text."
    text = text.replace(str(ROOT) + '/', '').replace(str(ROOT), '.')
    return DURATION.sub(r'\1 … \2', _TMP.sub('<tmp>', text))


def scrub_output(o: dict) -> dict:
    if 'text' in o: o['text'] = [scrub(t) for t in o['text']] if isinstance(o['text'], list) else scrub(o['text'])
    for k, v in (o.get('data') or {}).items():
        if k.startswith('text/'): o['data'][k] = [scrub(t) for t in v] if isinstance(v, list) else scrub(v)
    if o.get('output_type') == 'error': o['traceback'] = [scrub(t) for t in o.get('traceback', [])]
    return o


def run_one(path: Path) -> None:
    "Execute one notebook in place (called in a child process)."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    flags = skip_flags()
    nb = read_nb(path)
    shell = CaptureShell(path, mpl_format='png')
    shell.run(f"import matplotlib as _mpl; _mpl.rcParams['figure.dpi'] = {DPI}; _mpl.rcParams['savefig.dpi'] = {DPI}; del _mpl")
    os.chdir(path.parent)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != 'code': continue
        if skipped(cell, flags):
            cell.outputs, cell.execution_count = [], None
            continue
        cell.outputs = []
        shell.cell(cell)
        if shell.exc:
            sys.stderr.write(shell.prettytb(fname=path) + '\n')
            raise SystemExit(f'{path.relative_to(ROOT)}: cell {i} raised {type(shell.exc).__name__}; notebook left unchanged')
        cell.outputs = [scrub_output(o) for o in cell.outputs]
    write_nb(nb, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('notebooks', nargs='*', type=Path, help='notebooks to execute (default: all chapters and tutorials)')
    ap.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return run_one(a.notebooks[0].resolve())
    paths = [p.resolve() for p in a.notebooks] or notebooks()
    env = dict(os.environ, TQDM_DISABLE='1', PYTHONWARNINGS='ignore')
    failed, t0 = [], time.perf_counter()
    for p in paths:
        t = time.perf_counter()
        r = subprocess.run([sys.executable, __file__, '--child', str(p)], env=env, cwd=p.parent)
        status = 'ok' if r.returncode == 0 else 'FAILED'
        if r.returncode: failed.append(p)
        print(f'{p.relative_to(ROOT)}: {status} ({time.perf_counter() - t:.0f} s)', flush=True)
    for p in paths: subprocess.run(['nbdev_clean', '--fname', str(p)], cwd=ROOT, check=False)
    print(f'{len(paths) - len(failed)} executed, {len(failed)} failed in {time.perf_counter() - t0:.0f} s')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
