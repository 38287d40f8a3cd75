"""`make loadtest`: Consortium under load while its services fail (bench/loadtest/run.py)."""
