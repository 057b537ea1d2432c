"""The ``arclassify`` command line: one module per command, thin wrappers over the library.

Exit codes: 0 success, 1 a data, model or configuration error, 2 a usage error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from arclassify import __version__
from arclassify.errors import ArclassifyError


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a user's mistake into a one-paragraph message and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ArclassifyError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except BrokenPipeError:  # the reader of stdout went away (`| head`): stop quietly, as Unix tools do
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except UnicodeError as error:  # text that a codec cannot handle, wherever it was met
            click.echo(f"Error: {error} (name the encoding with --encoding, e.g. cp1256)", err=True)
            sys.exit(1)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Error: {where}{error.strerror or error}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="arclassify")
def main() -> None:
    """Label Arabic news articles: train, evaluate and apply TF-IDF linear models."""


def _register() -> None:
    from arclassify.cli import convert, evaluate, info, predict, report, train

    for module in (train, evaluate, predict, info, report, convert):
        main.add_command(module.command)


_register()
