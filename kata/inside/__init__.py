"""What runs inside the student's process, beside untrusted code: the host, the probes' base, the
frames to and from the judge, the student's module loader and the quiz programs' recorder. Small and
standard-library only (tests/grader/test_structure.py keeps it so): never pytest, rich or the judge."""
