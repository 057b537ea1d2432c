"""Reports an analyst looks at: HTML pages of a scored archive and of an evaluation.

``aggregate`` streams a scores file into bounded counters, ``charts`` draws SVG charts with
matplotlib (the ``report`` extra, imported only when a chart is drawn), ``page`` assembles and
writes HTML; ``archive_page`` and ``evaluation_page`` are the two pages.
"""
