"""``python -m arclassify``: the same as the ``arclassify`` command."""

from arclassify.cli import main

main()
