"""gunicorn servers on 127.0.0.1: start, wait until they answer, measure worker memory, stop."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from client import fetch
from common import BIN, HOST

# --- Servers -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: processes whose parent is the master."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: the fields after it are fixed.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time (user + system) each worker has used so far, by process id."""
        return {pid: process_cpu_seconds(pid) for pid in self.worker_pids()}

    def peak_memory_mb(self) -> dict[str, float]:
        """VmHWM (peak resident set) of each worker, in MB."""
        peaks = {}
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[str(pid)] = round(int(line.split()[1]) / 1024, 1)
        return peaks


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat (0 when it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def start_server(name: str, app: str, cwd: Path, env: dict[str, str], workers: int, log: Path) -> Server:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        str(log),
        app,
    ]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(name, process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} server exited with {process.returncode}; see {log}:\n{tail(log)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if fetch(port, "GET", "/healthz", timeout=5).status == 200:
                return server
        time.sleep(0.25)
    stop_server(server)
    raise RuntimeError(f"{name} server did not answer /healthz within 60 s; see {log}")


def stop_server(server: Server) -> None:
    """Terminate the master (it stops its workers); kill whatever is left of ours."""
    workers = server.worker_pids()
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, 9)


def log_problems(path: Path) -> dict[str, int]:
    """What went wrong in a server's log: workers that died or timed out, and unhandled errors."""
    counts = {"worker crashed": 0, "worker timed out": 0, "unhandled errors": 0}
    with contextlib.suppress(OSError):
        for line in path.read_text(errors="replace").splitlines():
            if "was sent SIG" in line or "exited with code" in line:
                counts["worker crashed"] += 1
            elif "WORKER TIMEOUT" in line:
                counts["worker timed out"] += 1
            elif "Unhandled error" in line:
                counts["unhandled errors"] += 1
    return {problem: count for problem, count in counts.items() if count}


def tail(path: Path, lines: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""
