"""Build hook: the bundled corpus (``corpus/`` records and ``seeds/`` texts of the source tree) ships inside the
package as ``explorer/bundled/``, so a regular ``pip install .`` or ``pipx install .`` opens it. The source tree
keeps them at the top, where the records point at ``../seeds/…``; an editable install reads them there."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithBundledCorpus(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "explorer" / "bundled"
        for name in ("corpus", "seeds"):
            shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBundledCorpus})
