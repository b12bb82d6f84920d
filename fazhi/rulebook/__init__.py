"""The pure legal core of fazhi.

Nothing in this package imports Django, reads the clock or uses unseeded randomness.
Statutory numbers live in ``tables/`` as dated, cited YAML; engines read them.
"""
