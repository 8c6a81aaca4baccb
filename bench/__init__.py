"""`make bench`: speed of the measured operations at 10k and 100k persons."""
