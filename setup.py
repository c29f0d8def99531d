"""casa: computational auditory scene analysis from weakly labelled audio (nbdev 2 project)."""
from configparser import ConfigParser
from pathlib import Path

from setuptools import find_packages, setup

cfg = ConfigParser(delimiters=['='])
cfg.read(Path(__file__).parent/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

# Runtime dependencies, pinned. torch 2.9.1 and torchaudio 2.9.1 are a matching pair on PyPI
# (a CUDA build that also runs on the CPU); newer torchaudio wheels do not load beside older torch.
requirements = [
    'torch==2.9.1',
    'torchaudio==2.9.1',
    'numpy==2.4.6',
    'scipy==1.17.1',
    'soundfile==0.14.0',
    'librosa==0.11.0',
    'h5py==3.16.0',
    'scikit-learn==1.9.1',
    'mir_eval==0.8.2',  # >=0.8,<0.9: its separation module is deprecated in 0.8 and announced for removal in 0.9
    'sed_eval==0.2.1',
    'iterative-stratification==0.1.9',
    'matplotlib==3.11.2',
    'seaborn==0.13.2',
    'tqdm==4.70.1',
    'pandas==3.1.1',
    'pyyaml==6.0.3',
    'threadpoolctl==3.8.0',  # the bench holds librosa's BLAS to one thread
    'fastcore==1.14.5',  # @patch: long classes written a method per cell (also nbdev's)
]
# The nbdev 2 line: settings.ini, setup.py and nbdev_test. nbdev<3 alone installs a broken mix.
dev_requirements = [
    'nbdev==2.4.14',
    'execnb<0.2',
    'fastcore<2',
    'jupyterlab==4.6.6',
]
# Optional: a local Hugging Face text model as the CLAP's text encoder (chapter retrieval's text_model_path).
# The tests build a tiny BERT with it, so the dev install includes it.
hf_requirements = ['transformers==4.57.6']
# The documentation site (python tools/build_docs.py) and its browser test (python tools/test_docs.py):
# Sphinx + myst-nb render the notebooks, MathJax 3 comes from django-static-mathjax (served with the site,
# no network), Selenium drives Debian's chromium + chromium-driver (apt-get, not pip).
docs_requirements = [
    'sphinx==9.0.4',
    'myst-nb==1.4.0',
    'sphinx-book-theme==1.4.0',
    'pydata-sphinx-theme==0.20.0',
    'django-static-mathjax==3.2.2.1',  # MathJax 3.2.2's files (no Django needed): formulas with no network
    'selenium==4.51.0',
]

setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=(Path(__file__).parent/'README.md').read_text(encoding='utf-8'),
    long_description_content_type='text/markdown',
    author=cfg['author'],
    license='Apache-2.0',
    python_requires=f">={cfg['min_python']}",
    packages=find_packages(include=['casa', 'casa.*']),
    include_package_data=True,
    install_requires=requirements,
    extras_require={'dev': dev_requirements + hf_requirements, 'hf': hf_requirements, 'docs': docs_requirements},
    # nbdev's cross-references and source links (nbdev_docs, show_doc) find casa's symbols here
    entry_points={'nbdev': ['casa=casa._modidx:d']},
    zip_safe=False,
)
