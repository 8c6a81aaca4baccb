"""Publishing: the one disclosure rule, and what the public may receive."""
