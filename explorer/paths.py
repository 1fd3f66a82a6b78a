"""Where things live: the bundled corpus, the index, the user's data (notes)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# A wheel carries the corpus and its seeds as package data (setup.py copies them in); a source checkout (and an
# editable install) has them at the top of the tree.
_SHIPPED = PACKAGE_DIR / "bundled"
BUNDLED_CORPUS = _SHIPPED / "corpus" if (_SHIPPED / "corpus").is_dir() else PROJECT_ROOT / "corpus"
BUNDLED_SEEDS = BUNDLED_CORPUS.parent / "seeds"
SOURCE_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and not (_SHIPPED / "corpus").is_dir()
ENV_CORPUS = "POLICY_EXPLORER_CORPUS"
ENV_INDEX = "POLICY_EXPLORER_INDEX"
ENV_DATA = "POLICY_EXPLORER_DATA"


def default_corpus() -> Path:
    if os.environ.get(ENV_CORPUS):
        return Path(os.environ[ENV_CORPUS]).expanduser()
    return BUNDLED_CORPUS


def default_index(corpus_dir: Path) -> Path:
    """The bundled corpus indexes into the project's ``index/``; any other corpus into the user's cache,
    one folder per corpus, so the tool never writes into a corpus folder."""
    if os.environ.get(ENV_INDEX):
        return Path(os.environ[ENV_INDEX]).expanduser()
    corpus_dir = corpus_dir.resolve()
    if corpus_dir == BUNDLED_CORPUS.resolve() and SOURCE_CHECKOUT:
        return PROJECT_ROOT / "index"  # installed, the package folder may not be writable: the cache below
    key = hashlib.sha1(str(corpus_dir).encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir("policy-explorer")) / f"index-{corpus_dir.name}-{key}"


def data_dir() -> Path:
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA]).expanduser()
    return Path(platformdirs.user_data_dir("policy-explorer"))
