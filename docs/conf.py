"""Sphinx configuration of casa's documentation site.

Built by `python tools/build_docs.py`, which first writes the processed notebooks to docs/_build/src/
(this folder is only the configuration, `-c docs`). Nothing is executed: notebooks keep their stored outputs.
"""
import configparser
from pathlib import Path

_cfg = configparser.ConfigParser(delimiters=['='])
_cfg.read(Path(__file__).resolve().parent.parent/'settings.ini', encoding='utf-8')
_cfg = _cfg['DEFAULT']

project = _cfg['title']
author = _cfg['author']
copyright = _cfg['copyright']
release = version = _cfg['version']

extensions = ['myst_nb', 'sphinx.ext.mathjax']
exclude_patterns = ['_build', '**.ipynb_checkpoints']
html_static_path = [str(Path(__file__).resolve().parent/'_static')]
html_css_files = ['casa.css']
templates_path = []
html_title = project
html_theme = 'sphinx_book_theme'
html_theme_options = {
    'home_page_in_toc': True,
    'show_toc_level': 2,
    'use_download_button': False,
    'use_fullscreen_button': False,
    'use_repository_button': False,
    'navigation_with_keys': False,
    'navbar_persistent': [],      # one search field, in the sidebar
}
html_last_updated_fmt = None
html_favicon = str(Path(__file__).resolve().parent/'_static'/'favicon.svg')
html_context = {'default_mode': 'light'}
html_copy_source = False          # the processed notebooks stay out of the site
html_show_sourcelink = False

# notebooks: stored outputs only, never executed
nb_execution_mode = 'off'
nb_output_stderr = 'show'
nb_merge_streams = True
nb_render_markdown_format = 'myst'             # markdown outputs (results tables) are parsed as MyST: pipe tables render as tables
nb_code_prompt_show = 'Exported source'     # only exported cells are folded (tools/build_docs.py)
nb_code_prompt_hide = 'Hide exported source'
myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence', 'deflist', 'html_image', 'substitution']
myst_heading_anchors = 4
myst_dmath_double_inline = True

# formulas with no network: MathJax 3 (es5 build) from the django-static-mathjax package, copied to _static/mathjax
mathjax_path = 'mathjax/tex-chtml.js'

# internal references are checked: a missing page, heading or label is a warning (and -W makes it an error)
nitpicky = True
suppress_warnings = [
    'myst.header',                  # API sections are H3 under the chapter's H1, as nbdev's show_doc makes them
    'misc.highlighting_failure',    # a fenced example with '...' in it is shown unhighlighted, not an error
]
