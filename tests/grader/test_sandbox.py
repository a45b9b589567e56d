"""The sandbox holds: a class of hostile submissions in one real `--batch`, graded beside honest ones.

Each hostile student tries one escape at import of topic 01 and defines a right answer only when
the escape worked: held, it scores 0; escaped, 10. After the batch, the test also looks for what
an escape would have left on this machine (files, connections, processes). The honest students
(right answers for 01 and for 09, whose checks talk to the student's server over loopback) keep
full points, graded side by side with a fork bomb, a 10 GiB allocation and a `kill(-1)`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import secrets
import socket
import threading
from pathlib import Path

import psutil
import pytest
from kit import box
from kit.grader import run_grader

from kata.commands import cli
from kata.course import manifest
from kata.course.manifest import ROOT
from kata.judging import integrity, sandbox
from kata.judging.runner import run_topic
from kata.judging.subject import Subject

TOPICS = ["01_generators", "09_socket_server"]
MARKER = f"kata-sandbox-marker-{secrets.token_hex(4)}"  # names files and processes an escape leaves
SECRET = secrets.token_hex(16)  # in HOME and the environment: submissions hold only its hash
DIGEST = hashlib.sha256(SECRET.encode()).hexdigest()
SOLUTION = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")

# each sets `escaped`; {home}, {batch}, {out}, {port}, {marker}, {digest}, {classmate} are filled in
ESCAPES = {
    "runs_the_solutions": """
import kata, pathlib, runpy
try:
    runpy.run_path(str(pathlib.Path(kata.__file__).parents[1] / "solutions" / "01_generators.py"))
    escaped = True
except OSError:
    escaped = False
""",
    "runs_a_classmate": """
import runpy
try:
    runpy.run_path({classmate!r})
    escaped = True
except OSError:
    escaped = False
""",
    "reads_the_home_folder": """
import hashlib
try:
    escaped = hashlib.sha256(open({home!r} + "/secret.txt", "rb").read()).hexdigest() == {digest!r}
except OSError:
    escaped = False
""",
    "reads_a_secret_in_the_environment": """
import hashlib, os
escaped = hashlib.sha256(os.environ.get("GITHUB_TOKEN", "").encode()).hexdigest() == {digest!r}
""",
    "writes_outside_its_folder": """
import pathlib, kata
escaped = False
for folder in ({home!r}, {batch!r}, {out!r}, "/tmp", str(pathlib.Path(kata.__file__).parent)):
    try:
        (pathlib.Path(folder) / ({marker!r} + ".txt")).write_text("was here")
        escaped = escaped or folder != "/tmp"
    except OSError:
        pass
""",
    "edits_the_checkout": """
import pathlib, kata
try:
    with open(pathlib.Path(kata.__file__).parents[1] / "tests" / "test_01_generators.py", "a") as fh:
        fh.write("\\n# was here\\n")
    escaped = True
except OSError:
    escaped = False
""",
    "phones_out": """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    escaped = True
except OSError:
    escaped = False
""",
    "leaves_a_daemon": """
import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", {marker!r}])
    os._exit(0)
time.sleep(0.2)
escaped = False
""",
    "forks_a_bounded_bomb": """
import os, time
children = 0
for _ in range(3000):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(600)
        os._exit(0)
    children += 1
escaped = children == 3000
""",
    "allocates_10_gib": """
try:
    hoard = bytearray(10 * 2**30)
    escaped = True
except MemoryError:
    escaped = False
""",
    "plants_a_link_for_the_grader_to_read": """
import os
os.remove("stdout.txt")  # the file the judge reads back for what the code printed
os.symlink({home!r} + "/secret.txt", "stdout.txt")
print("printed after the link")
escaped = False
""",
    "kills_every_process_it_can": """
import os, signal
if os.getpid() < 100:  # only inside a PID namespace of its own: elsewhere this would be no test
    os.kill(-1, signal.SIGKILL)
escaped = False
""",
}
HONEST = ["honest_a", "honest_b"]


class Listener:
    """A TCP server on this machine's loopback that counts who reached it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reached = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.reached += 1
            conn.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    box.required()
    home, subs, out = (tmp_path_factory.mktemp(name) for name in ("home", "submissions", "graded"))
    (home / "secret.txt").write_text(SECRET, encoding="utf-8")
    listener = Listener()
    for name in HONEST:
        (subs / name).mkdir()
        for topic in TOPICS:
            (subs / name / f"{topic}.py").write_text((ROOT / "solutions" / f"{topic}.py").read_text("utf-8"), "utf-8")
    fill = {"home": str(home), "batch": str(subs), "out": str(out), "port": listener.port,
            "marker": MARKER, "digest": DIGEST, "classmate": str(subs / HONEST[0] / "01_generators.py")}
    for name, attempt in ESCAPES.items():
        (subs / name).mkdir()
        code = attempt.format(**fill) + f"\nif escaped:\n    exec(compile({SOLUTION!r}, __file__, 'exec'))\n"
        (subs / name / "01_generators.py").write_text(code, encoding="utf-8")
    (subs / "links_to_the_solution").mkdir()
    (subs / "links_to_the_solution" / "01_generators.py").symlink_to(ROOT / "solutions" / "01_generators.py")
    before = integrity.fingerprint()
    proc = run_grader("--batch", str(subs), "--out", str(out), "--jobs", "2", *TOPICS, timeout=300,
                      env={"HOME": str(home), "GITHUB_TOKEN": SECRET})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    yield {"rows": rows, "proc": proc, "home": home, "subs": subs, "out": out, "listener": listener,
           "fingerprint_changed": integrity.changes(before, integrity.fingerprint())}
    listener.sock.close()


@pytest.mark.parametrize("escape", sorted([*ESCAPES, "links_to_the_solution"]))
def test_each_escape_is_held_and_scores_nothing(graded, escape):
    row = graded["rows"][escape]
    assert float(row["01_generators"]) == 0, f"{escape} escaped the sandbox: {row}"


@pytest.mark.parametrize("student", HONEST)
def test_honest_students_graded_beside_them_keep_full_points(graded, student):
    row = graded["rows"][student]
    assert [float(row[t]) for t in TOPICS] == [10, 10], row


def test_every_student_was_graded_in_the_sandbox_and_the_gradebook_says_so(graded):
    assert {row["sandbox"] for row in graded["rows"].values()} == {"yes"}
    assert "sandbox: on" in graded["proc"].stdout


def test_each_results_file_says_the_sandbox_was_on(graded):
    doc = json.loads((graded["out"] / HONEST[0] / "results.json").read_text(encoding="utf-8"))
    assert doc["output"].startswith("沙箱：开")


def test_no_file_was_written_outside_the_sandbox(graded):
    written = [p for folder in (graded["home"], graded["subs"], graded["out"], ROOT / "kata")
               for p in folder.rglob(f"{MARKER}*")] + list(Path("/tmp").glob(f"{MARKER}*"))
    assert written == []


def test_no_secret_reached_the_graded_folder(graded):
    leaked = [p for p in graded["out"].rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaked == []


def test_the_grader_files_are_unchanged(graded):
    assert graded["fingerprint_changed"] == []
    assert "put back" not in graded["proc"].stdout


def test_no_connection_left_the_sandbox(graded):
    assert graded["listener"].reached == 0


def test_no_process_outlives_the_batch(graded):
    alive = [p.pid for p in psutil.process_iter(["cmdline"]) if MARKER in (p.info["cmdline"] or [])]
    assert alive == []


# ---- where it cannot start, --batch stops before grading and says why, in both languages ----

def test_batch_without_bwrap_stops_with_the_fix_in_both_languages(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    assert cli.main(["--batch", str(tmp_path), "--out", str(tmp_path / "out"), "01"]) == 2
    said = capsys.readouterr().err
    assert "apt install bubblewrap" in said and "--no-sandbox" in said
    assert "找不到 bwrap" in said and "风险自负" in said
    assert not (tmp_path / "out").exists(), "nothing was graded"


def test_outside_linux_the_fix_is_wsl2_or_a_container(monkeypatch):
    monkeypatch.setattr(sandbox.sys, "platform", "darwin")
    assert "WSL2" in sandbox.problem().en


def test_ubuntu_apparmor_refusal_names_the_distributions_bwrap_and_the_sysctl():
    found = sandbox.diagnose("bwrap: setting up uid map: Permission denied", restricted=True)
    assert "apparmor_restrict_unprivileged_userns=0" in found.en and "/usr/bin/bwrap" in found.en


def test_a_containers_seccomp_refusal_is_named():
    found = sandbox.diagnose("bwrap: Creating new namespace failed: Operation not permitted", restricted=False)
    assert "seccomp" in found.en and "seccomp" in found.zh


def test_no_sandbox_is_said_in_the_batch_and_the_gradebook(tmp_path):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    proc = run_grader("--batch", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "01", "--no-sandbox")
    assert proc.returncode == 0 and "sandbox: OFF" in proc.stdout
    with (tmp_path / "out" / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.DictReader(fh))["sandbox"] == "no"


def test_one_submission_is_graded_in_the_sandbox_when_asked():
    box.required()
    proc = run_grader("--sandbox", "--target", "solutions", "07", "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sandbox: on" in proc.stdout and "10/10" in proc.stdout


def test_as_root_a_sandboxs_memory_is_bounded_and_the_feedback_says_so(tmp_path):
    box.required()
    group = sandbox.Cgroup.make()
    if group is None:
        pytest.skip("a cgroup of the sandbox's own is made as root, where memory and pids controllers are")
    group.remove()
    (tmp_path / "01_generators.py").write_text("hoard = bytearray(3 * 2**30)\n", encoding="utf-8")
    before = set(Path("/sys/fs/cgroup").rglob("kata-*"))
    run = run_topic(manifest.load().select(["01"])[0], tmp_path, sandboxed=True)
    assert run.score == 0
    assert "too much memory" in run.checks[0].feedback.en
    assert left_behind(before) == [], "its cgroup is gone with it"


def test_a_sandbox_killed_at_its_topics_deadline_leaves_no_cgroup(tmp_path):
    box.required()
    (tmp_path / "01_generators.py").write_text("while True:\n    pass\n", encoding="utf-8")
    before = set(Path("/sys/fs/cgroup").rglob("kata-*"))
    run = run_topic(manifest.load().select(["01"])[0], tmp_path, timeout=3, sandboxed=True)
    assert run.timed_out or run.score == 0
    assert left_behind(before) == []


def left_behind(before: set[Path]) -> list[Path]:
    """Sandbox cgroups made since `before` and left empty: a grader busy beside this test (another
    batch on the same machine) has cgroups of its own, never empty for long."""
    found = []
    for group in set(Path("/sys/fs/cgroup").rglob("kata-*")) - before:
        try:
            if not (group / "cgroup.procs").read_text().strip():
                found.append(group)
        except OSError:  # removed meanwhile
            pass
    return found


def test_in_the_sandbox_the_judge_watches_the_process_that_runs_the_students_code(monkeypatch):
    """Thread counts and CPU time (09, 11, 13) are read from it: not from bwrap, whose own
    command line names kata.inside.host too."""
    box.required()
    monkeypatch.setenv(sandbox.SWITCH, "1")
    source = ROOT / "solutions" / "01_generators.py"
    with Subject(source, source.parent, "probes.generators") as subject:
        subject.call("kinds", timeout=20)
        assert psutil.Process(subject.pid).cmdline()[1:3] == ["-m", "kata.inside.host"]
