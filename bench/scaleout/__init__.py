"""`make scaleout`: two app hosts behind nginx (run.py); report.py renders its result."""
