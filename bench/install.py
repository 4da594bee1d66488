"""Where the benchmark and its peers live, and how the peers get here.

The paths every job uses (bench/work/, bench/peers/, build.py), the Chromium all tools share and
the flags it runs with, and the set-up: reveal-md, marp-cli and decktape installed with `npm ci`
into bench/peers/ from the pinned lock, pandoc from Debian. A set-up that cannot be done (no
network, no npm, not root) returns why, so the job that needs the peer says so and goes on.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
PEERS = BENCH / "peers"
BIN = PEERS / "node_modules" / ".bin"
PYTHON = sys.executable
BUILD = ROOT / "build.py"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
INSTALL_SECONDS = 600  # a set-up that waits longer is waiting for a network that is not there


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def chromium() -> str | None:
    """The browser our build prints with; the peers are given the same one, so the rows compare tools."""
    from deck.chromium import ChromiumNotFound, find_chromium

    try:
        return find_chromium()
    except ChromiumNotFound:
        return None


def peer_env() -> dict[str, str]:
    """Node peers drive the system Chromium: their own browser downloads cannot work here."""
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", PUPPETEER_SKIP_CHROMIUM_DOWNLOAD="1")
    # Ours runs as a speaker's does, from cached bytecode (kept under bench/work/, not in the tree),
    # whatever the shell that started the benchmark says.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    browser = chromium()
    if browser:
        env.update(PUPPETEER_EXECUTABLE_PATH=browser, CHROME_PATH=browser)
    return env


def install_node_peers() -> str | None:
    """npm ci into bench/peers/ from the pinned lock; None when ready, else why not."""
    lock = BENCH / "package-lock.json"
    stamp = PEERS / ".installed"
    digest = hashlib.sha256(lock.read_bytes() + (BENCH / "package.json").read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest and BIN.is_dir():
        return None
    if not shutil.which("npm"):
        return "npm not found"
    PEERS.mkdir(exist_ok=True)
    shutil.copyfile(BENCH / "package.json", PEERS / "package.json")
    shutil.copyfile(lock, PEERS / "package-lock.json")
    log("installing reveal-md, marp-cli, decktape into bench/peers/ (npm ci) ...")
    # --prefer-offline: npm's cache first, so a machine without network that has installed them once still can.
    try:
        result = subprocess.run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
                                cwd=PEERS, env=peer_env(), capture_output=True, text=True, timeout=INSTALL_SECONDS)
    except subprocess.TimeoutExpired:
        return f"npm ci gave no answer in {INSTALL_SECONDS} s (offline?): reveal-md, marp-cli and decktape not run"
    if result.returncode != 0:
        return "npm ci failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    stamp.write_text(digest)
    return None


def install_pandoc() -> str | None:
    if shutil.which("pandoc"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "pandoc not found (install it with: apt-get install -y pandoc)"
    log("installing pandoc (apt-get install -y pandoc) ...")
    quiet = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        for attempt in range(2):
            if attempt:
                subprocess.run(["apt-get", "update"], env=quiet, capture_output=True, timeout=INSTALL_SECONDS)
            if subprocess.run(["apt-get", "install", "-y", "pandoc"], env=quiet, capture_output=True,
                              timeout=INSTALL_SECONDS).returncode == 0:
                return None
    except subprocess.TimeoutExpired:
        return f"apt-get gave no answer in {INSTALL_SECONDS} s (offline?): pandoc not run"
    return "apt-get install -y pandoc failed"


def version(argv: list[str]) -> str:
    try:
        text = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=peer_env()).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    found = re.search(r"\d+\.\d+(\.\d+)*", text)
    return found.group(0) if found else "?"
