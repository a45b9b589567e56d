"""Probes: our code that runs in the student's process, next to the student's module.

One module per topic, named after its slug (`probes.generators` for 01_generators). Each function
takes a `kata.inside.probe.Probe` and keyword parameters, calls the student's functions, and returns
plain observations; the checks in tests/test_NN_slug.py judge them from another process.
A probe module is imported after the student's module, so whatever it imports (gevent, say)
comes after the student's own monkey-patching, or its absence.
"""
