"""The coroutine kata's grader: manifest, runner, scoring and reports."""
