"""The ``mimagery`` command: thin commands that parse, call one core function and print.

Errors a user can cause are printed as one ``error: …`` line on stderr with
exit status 2. Everything the user typed is shown through Rich ``Text`` (never
as markup) after ``model.clean`` has removed control characters.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

import typer

from mimagery.cli import decks, mimages, study, web  # noqa: F401  (they register their commands)
from mimagery.cli.common import app, err
from mimagery.errors import MimageryError
from mimagery.model import clean

__all__ = ["app", "main"]


def _fail(message: str) -> None:
    # Plain write, not Rich: Rich would wrap a long message onto several lines.
    sys.stderr.write(f"error: {' '.join(clean(message).split())}\n")
    sys.stderr.flush()
    sys.exit(2)


@functools.cache
def _click_command() -> Any:
    # Typer rebuilds the Click command from the functions' signatures on every call
    # (~15 ms); build it once per process.
    return typer.main.get_command(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; user errors become one ``error: …`` line and exit 2."""
    try:
        code = _click_command().main(args=argv, standalone_mode=False, prog_name="mimagery")
    except MimageryError as error:
        _fail(str(error))
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except typer.TyperException as error:
        _fail(error.format_message())
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:
        message = _user_failure(error)
        if message is None:
            raise  # a bug: shown with its traceback
        _fail(message)
    sys.exit(code if isinstance(code, int) else 0)


def _user_failure(error: Exception) -> str | None:
    """One line for an OS or database error the user can cause (a full disk, a
    read-only file, a damaged database…), else None."""
    if isinstance(error, OSError) or "sqlalchemy" in sys.modules:
        from mimagery.cli import common
        from mimagery.store.engine import describe_failure

        return describe_failure(error, common.opened_database)
    return None
