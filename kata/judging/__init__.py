"""Running and judging: the grading loop, a topic's judge (pytest with our plugin) and its deadline,
the student's process seen from the judge, the sandbox, signed reports and the grader's fingerprints."""
