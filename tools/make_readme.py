"""README.md is generated from nbs/index.ipynb: its markdown cells, in order, joined by a blank line.

    python tools/make_readme.py           # write README.md from nbs/index.ipynb
    python tools/make_readme.py --check   # exit 1 if README.md differs from what index.ipynb gives

quarto's `nbdev_readme` does the same where quarto is installed; this converter needs only the
standard library, so CI checks that README.md and index.ipynb agree (edit index.ipynb, then run it).
Code and raw cells are left out (the README's commands are fenced code in markdown cells).
"""
import argparse, difflib, json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent


def readme_text(nb_path=root/'nbs'/'index.ipynb'):
    "The README's text: the markdown cells of `nb_path`, each without trailing newlines, joined by a blank line."
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = []
    for cell in nb['cells']:
        src = cell['source'] if isinstance(cell['source'], str) else ''.join(cell['source'])
        if cell['cell_type'] == 'markdown' and src.strip(): parts.append(src.rstrip('\n'))
    return '\n\n'.join(parts) + '\n'


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--check', action='store_true', help='fail if README.md is not what nbs/index.ipynb gives')
    p.add_argument('--nb', default=str(root/'nbs'/'index.ipynb'))
    p.add_argument('--readme', default=str(root/'README.md'))
    a = p.parse_args(argv)
    text, readme = readme_text(a.nb), Path(a.readme)
    if not a.check:
        readme.write_bytes(text.encode('utf-8'))
        return 0
    old = readme.read_bytes().decode('utf-8') if readme.exists() else ''
    if old == text:
        print(f'{readme.name} matches {Path(a.nb).name}')
        return 0
    diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True), readme.name, 'from ' + Path(a.nb).name, n=1)
    sys.stdout.writelines(list(diff)[:40])
    print(f'\n{readme.name} differs from {Path(a.nb).name}: edit nbs/index.ipynb, then run python tools/make_readme.py')
    return 1


if __name__ == '__main__': sys.exit(main())
