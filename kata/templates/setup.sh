#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
set -euo pipefail
apt-get update -q && apt-get install -y -q python3 python3-venv python3-pip bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q -e /autograder/source
# the unprivileged user that runs student code must read the grader, never write it
chmod -R a+rX,go-w /autograder/source /autograder/venv
chmod a+x /autograder
