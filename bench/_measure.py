"""Measuring a load run: CPU use of the server and worker from /proc, percentiles, a timeline."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any


def idle_priority() -> None:
    """Run at SCHED_IDLE, as `chrt --idle 0` does (the README's advice for a shared machine)."""
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live descendants, from /proc."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return total
    return total + sum(cpu_seconds(int(child)) for child in children)


class CpuSampler(threading.Thread):
    """Each second: how busy the machine was, and the CPU the server and the worker used."""

    def __init__(self, gunicorn: int, worker: int) -> None:
        super().__init__(daemon=True)
        self.pids = (gunicorn, worker)
        # (time, busy share 0-1, gunicorn CPU seconds, worker CPU seconds)
        self.samples: list[tuple[float, float, float, float]] = []
        self.running = True

    @staticmethod
    def _read() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values) - idle, sum(values)

    def run(self) -> None:
        busy, total = self._read()
        server, worker = (cpu_seconds(pid) for pid in self.pids)
        while self.running:
            time.sleep(1)
            now_busy, now_total = self._read()
            now_server, now_worker = (cpu_seconds(pid) for pid in self.pids)
            share = (now_busy - busy) / max(1, now_total - total)
            self.samples.append((time.time(), share, now_server - server, now_worker - worker))
            busy, total, server, worker = now_busy, now_total, now_server, now_worker


def print_timeline(stats: Any, sampler: CpuSampler, began: float, elapsed: float) -> None:
    """Per ten seconds: requests, answer-save latency and how busy the machine was."""
    print(f"\n{'seconds':<10}{'requests':>9}{'saves':>7}{'p50 ms':>8}{'p95 ms':>8}{'CPU busy':>10}"
          f"{'server s':>10}{'worker s':>10}")  # fmt: skip
    for start in range(0, int(elapsed), 10):
        window = [e for e in stats.timeline if start <= e[0] - began < start + 10]
        if not window:
            continue
        saves = [e[2] for e in window if e[1] == "answer_save"]
        rows = [row for row in sampler.samples if start <= row[0] - began < start + 10]
        busy = sum(row[1] for row in rows) / max(1, len(rows))
        print(f"{start:>3}-{start + 10:<6}{len(window):>9}{len(saves):>7}"
              f"{percentile(saves, 0.5) * 1000:>8.0f}{percentile(saves, 0.95) * 1000:>8.0f}"
              f"{100 * busy:>9.0f}%{sum(r[2] for r in rows):>10.1f}{sum(r[3] for r in rows):>10.1f}")  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
