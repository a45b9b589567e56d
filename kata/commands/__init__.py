"""The command line: `python grader.py` parses its flags (cli.py) and hands off to one module per verb."""
