"""Rollcall: a register of political prisoners and the figures drawn from it."""
