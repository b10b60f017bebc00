"""How this panel was made and scored (issue 17): ``bench/foreign_ab.py`` with
``search.FOREIGN_PICTURABLE`` 4.0 (``base``) against 3.5 (``variant``) on the tuning lists.

Run from the repository's root: ``python bench/panels/foreign-tuning-picturable/panel.py
build`` (or ``score``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
import foreign_ab  # noqa: E402 - the bench's own

if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        from mimagery.scenes import translation

        translation.HAPPENING_BELOW = 0.0  # rated before abstract keywords were events
        foreign_ab.build(
            HERE,
            "mimagery.keywords.search.FOREIGN_PICTURABLE",
            {"base": 4.0, "variant": 3.5},
            foreign_ab.LISTS,
            20261212,
        )
    else:
        foreign_ab.score(HERE)
