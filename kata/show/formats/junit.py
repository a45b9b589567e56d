"""JUnit XML, which CI services (GitHub Actions reporters, GitLab, Jenkins) show as a test report.

Follows the common Ant/Surefire convention: `<testsuites>` holding one `<testsuite>` per topic
(`name`, `tests`, `failures`, `errors`, `skipped`, `time`), one `<testcase>` per check
(`classname`, `name`, `time`) with a `<failure>` for a wrong answer or an `<error>` when student
code crashed, hung or never reported, and `<system-out>` for what it printed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kata.course.model import TopicRun, Verdict
from kata.show import plaintext


def _suite(run: TopicRun) -> ET.Element:
    suite = ET.Element("testsuite", name=run.topic.id, time=f"{run.seconds:.3f}")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="points", value=f"{run.topic.points:g}")
    ET.SubElement(props, "property", name="score", value=f"{run.score:.4g}")
    ET.SubElement(props, "property", name="bonus", value="true" if run.topic.bonus else "false")
    counts = {"fail": 0, "error": 0}
    checks = run.checks
    if not checks:
        case = ET.SubElement(suite, "testcase", classname=f"tests.test_{run.topic.id}",
                             name="grading", time=f"{run.seconds:.3f}")
        said = plaintext.stopped(run)
        error = ET.SubElement(case, "error", message=said.en, type="timeout" if run.timed_out else "crash")
        error.text = plaintext.both(said) + "\n" + run.log
        counts["error"] += 1
    for check in checks:
        case = ET.SubElement(suite, "testcase", classname=f"tests.test_{run.topic.id}",
                             name=check.name, time=f"{check.seconds:.3f}")
        verdict = check.verdict
        if verdict == Verdict.PASS:
            continue
        counts[verdict.value] += 1
        fb = check.feedback
        tag = "failure" if verdict == Verdict.FAIL else "error"
        text = plaintext.message(run, check)
        node = ET.SubElement(case, tag, message=fb.en if fb else plaintext.stopped(run).en,
                             type=fb.kind.value if fb else ("timeout" if run.timed_out else "crash"))
        node.text = text + "\n\n" + plaintext.hint(run)
        if plaintext.printed(check):
            ET.SubElement(case, "system-out").text = plaintext.printed(check)
    suite.set("tests", str(max(1, len(checks))))
    suite.set("failures", str(counts["fail"]))
    suite.set("errors", str(counts["error"]))
    suite.set("skipped", "0")
    return suite


def document(runs: list[TopicRun], seconds: float) -> ET.ElementTree:
    root = ET.Element("testsuites", name="coroutine-kata", time=f"{seconds:.3f}")
    for run in runs:
        root.append(_suite(run))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key)) for s in root)))
    ET.indent(root)
    return ET.ElementTree(root)


def write(path: Path, runs: list[TopicRun], seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document(runs, seconds).write(path, encoding="utf-8", xml_declaration=True)
