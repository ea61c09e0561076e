"""`make bench`: crawl, indexing, analysis and search figures, each beside a baseline
measured in the same run (the machines are shared and noisy: read the ratios)."""
