"""Benchmark (not a test): memory of a large file going through the gateway, both ways.

Starts its own stack (SecantusDB, the four services, the gateway under gunicorn, on a private
RabbitMQ vhost), signs a teacher in, creates a draft, then uploads one `--mb` MiB video (a WebM
header and deterministic filler, streamed from a generator with its Content-Length: the client
never holds it) with POST /api/v1/resources/<id>/files, downloads it whole (checked against its
SHA-256) and in a range. Meanwhile the resident memory (VmRSS) of every gateway process and of
the resources service is sampled every `--interval` seconds, and on Linux the kernel's own
high-water mark (VmHWM, reset through /proc/<pid>/clear_refs) catches peaks between samples;
growth is measured from each process's RSS after a small warm-up upload and download. The
gateway figure is its process that grew most (the worker that handled the transfer).

Last line:

    files upload_mb=200 gateway_peak_rss_growth_mb=A service_peak_rss_growth_mb=B

Target: A and B under 64. Usage: .venv/bin/python bench/files.py [--mb 200] [--interval 0.05]
Needs RabbitMQ (a private vhost is created); uses psutil when installed, else /proc.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

from classe12_devstack.accounts import verify_emails
from classe12_devstack.broker_users import delete_users
from classe12_devstack.processes import Stack, StackConfig
from classe12_testing.kit.samples import MultipartUpload, sample_range, sha256_of
from classe12_testing.servers import RabbitVhost

PASSWORD = "un mot de passe de mesure"
MIB = 1024 * 1024


# -- memory ----------------------------------------------------------------------------------

def rss(pid: int) -> int | None:
    """Resident memory of a process in bytes (None once it is gone)."""
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss
    except ImportError:
        pass
    except Exception:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_peak(pid: int) -> bool:
    """Reset the kernel's high-water mark of the process's RSS (VmHWM) to its current RSS."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def kernel_peak(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


class Sampler(threading.Thread):
    """Peak RSS of each watched process since the last `reset()`."""

    def __init__(self, groups: dict[str, list[int]], interval: float):
        super().__init__(daemon=True)
        self.groups, self.interval = groups, interval
        self.peaks: dict[int, int] = {}
        self.lock = threading.Lock()
        self.running = True
        self.exact = False

    def sample(self) -> dict[int, int]:
        return {pid: value for pids in self.groups.values() for pid in pids if (value := rss(pid)) is not None}

    def reset(self) -> dict[int, int]:
        with self.lock:
            self.exact = all([reset_peak(pid) for pids in self.groups.values() for pid in pids])
            self.peaks = self.sample()
            return dict(self.peaks)

    def run(self):
        while self.running:
            current = self.sample()
            with self.lock:
                for pid, value in current.items():
                    self.peaks[pid] = max(value, self.peaks.get(pid, 0))
            time.sleep(self.interval)

    def growth(self, baseline: dict[int, int]) -> dict[str, float]:
        """Per group: the largest growth of one of its processes, in MiB."""
        with self.lock:
            for pids in self.groups.values():
                for pid in pids:
                    peak = kernel_peak(pid)
                    if peak is not None and self.exact:
                        self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            return {name: max((self.peaks.get(pid, 0) - baseline.get(pid, 0)) / MIB for pid in pids)
                    for name, pids in self.groups.items()}


# -- the platform ------------------------------------------------------------------------------

def teacher_token(base: str, env: dict) -> str:
    email = f"mesure-{uuid.uuid4().hex[:8]}@ac-bench.fr"
    registered = requests.post(base + "/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": "Mesure", "role": "teacher", "levels": ["CP"]})
    assert registered.status_code == 202, registered.text
    verify_emails(env, [email])  # uploads are for verified addresses
    login = requests.post(base + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    return login.json()["access_token"]


def upload(base: str, token: str, resource_id: str, size: int) -> tuple[dict, float]:
    body = MultipartUpload({"role": "media", "title": "Mesure"}, "mesure.webm", "webm", size)
    started = time.monotonic()
    response = requests.post(f"{base}/resources/{resource_id}/files", data=body, timeout=900,
                             headers={"Authorization": f"Bearer {token}", "Content-Type": body.content_type})
    assert response.status_code == 201, response.text
    return response.json(), time.monotonic() - started


def download(base: str, token: str, resource_id: str, file_id: str) -> tuple[str, int, float]:
    digest, size, started = hashlib.sha256(), 0, time.monotonic()
    with requests.get(f"{base}/resources/{resource_id}/files/{file_id}", stream=True, timeout=900,
                      headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status_code == 200, response.text
        for block in response.iter_content(MIB):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="size of the uploaded video, in MiB")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between two memory samples")
    args = parser.parse_args()
    size = args.mb * MIB

    vhost = RabbitVhost().create()
    config = StackConfig(var_dir=Path(tempfile.mkdtemp(prefix="classe12-bench-files-")), amqp_uri=vhost.uri,
                         extra_env={"LOG_LEVEL": "WARNING", "GATEWAY_WORKERS": "2",
                                    "FILE_MAX_MB_VIDEO": str(max(200, args.mb)),
                                    "FILES_MAX_UPLOAD_MB": str(max(200, args.mb))})
    stack = Stack(config)
    sampler = None
    try:
        stack.start()
        stack.wait_healthy()
        base = config.base_url + "/api/v1"
        token = teacher_token(base, config.env())
        draft = requests.post(base + "/resources", timeout=30, headers={"Authorization": f"Bearer {token}"}, json={
            "title": "Mesure de mémoire", "summary": "Un gros fichier.", "body": "Mesure.", "kind": "video",
            "levels": ["CP"]})
        assert draft.status_code == 201, draft.text
        resource_id = draft.json()["id"]
        gateway = stack.processes["gateway"].pid
        groups = {"gateway": [gateway, *children(gateway)], "service": [stack.processes["resources"].pid]}
        print(f"stack: gateway pids {groups['gateway']} (master and workers), resources pid {groups['service'][0]}; "
              f"logs in {stack.logs}", flush=True)

        warm, _ = upload(base, token, resource_id, 2 * MIB)  # imports, pools and caches paid before measuring
        download(base, token, resource_id, warm["id"])
        sampler = Sampler(groups, args.interval)
        baseline = sampler.reset()
        sampler.start()
        print("baseline RSS: " + ", ".join(f"{pid}={value / MIB:.1f} MiB" for pid, value in sorted(baseline.items()))
              + ("; peaks: sampled and the kernel's VmHWM" if sampler.exact else "; peaks: sampled"), flush=True)

        file, seconds = upload(base, token, resource_id, size)
        time.sleep(3 * args.interval)
        up = sampler.growth(baseline)
        print(f"upload: {args.mb} MiB in {seconds:.1f} s ({args.mb / seconds:.1f} MiB/s); peak RSS growth "
              f"gateway {up['gateway']:.1f} MiB, service {up['service']:.1f} MiB", flush=True)

        digest, received, seconds = download(base, token, resource_id, file["id"])
        assert received == size and digest == sha256_of("webm", size), "the download differs from the upload"
        first, last = size // 2, size // 2 + 4 * MIB - 1
        part = requests.get(f"{base}/resources/{resource_id}/files/{file['id']}", timeout=60,
                            headers={"Authorization": f"Bearer {token}", "Range": f"bytes={first}-{last}"})
        assert part.status_code == 206 and part.content == sample_range("webm", size, first, last)
        time.sleep(3 * args.interval)
        both = sampler.growth(baseline)
        print(f"download: {args.mb} MiB in {seconds:.1f} s ({args.mb / seconds:.1f} MiB/s), same SHA-256, and a "
              f"4 MiB range; peak RSS growth so far gateway {both['gateway']:.1f} MiB, service {both['service']:.1f} MiB",
              flush=True)
        print(f"files upload_mb={args.mb} gateway_peak_rss_growth_mb={both['gateway']:.1f} "
              f"service_peak_rss_growth_mb={both['service']:.1f}", flush=True)
        return 0
    finally:
        if sampler is not None:
            sampler.running = False
        stack.stop_all()
        delete_users(config.amqp_uri)
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
