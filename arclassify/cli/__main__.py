"""``python -m arclassify.cli``: the same as the ``arclassify`` command."""

from arclassify.cli import main

main()
