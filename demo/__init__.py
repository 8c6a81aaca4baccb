"""The demo: a seeded generator of synthetic registers, and the demo register.

Nothing here is a file format or part of the register's core: the generator
(`demo.synthetic`) makes made-up persons as registry JSON records, and
`demo.loader` loads about 2,000 of them, marked as synthetic, for `rollcall
demo`. The tests and `make bench` use the generator too.
"""
