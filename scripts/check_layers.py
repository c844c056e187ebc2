#!/usr/bin/python3
"""Checks that every quoted #include respects the module layering.

Usage: check_layers.py [SOURCE_ROOT] [--allow FILE]
Exit 0 when clean, 1 on a violation (one line each), 2 on bad usage.
"""
import os
import re
import sys

# Mirrors DESIGN.md section 2: keep both in step. One row per module, bottom to top.
# (module, path prefixes it owns, modules it may include). Longest prefix wins, so
# "engine_hw/sim/" beats "engine_hw/" and "pipeline/jobs/" beats "pipeline/".
# core is only the files directly in pipeline/ (plus pipeline/detail/): see module_of().
MODULES = [
    ("core", ["pipeline/"], ["core"]),
    ("codecs", ["codecs/"], ["codecs"]),  # plus CODECS_CORE_HEADERS below
    ("engine_hw", ["engine_hw/"], ["core", "codecs", "engine_hw"]),
    ("engine_sim", ["engine_hw/sim/"], ["core", "codecs", "engine_hw", "engine_sim"]),
    ("stages", ["stages/"], ["core", "codecs", "stages", "engine_hw"]),
    ("security", ["security/"], ["core", "codecs", "engine_hw", "security"]),
    ("jobs", ["pipeline/jobs/"],
     ["core", "codecs", "stages", "engine_hw", "security", "jobs"]),
    ("device", ["pipeline/device/"],
     ["core", "codecs", "stages", "engine_hw", "security", "jobs", "device"]),
    ("frontends", ["frontends/"],
     ["core", "codecs", "stages", "engine_hw", "engine_sim", "security", "jobs", "device",
      "frontends"]),
]
# codecs sit beside core, not on it: they share only the status type.
CODECS_CORE_HEADERS = {"pipeline/status.h"}
# Only the daemon and the tools inject concrete simulators (tests and bench are not scanned).
SIM_PREFIX = "engine_hw/sim/"
SIM_USERS = ["engine_hw/sim/", "frontends/mfpd/", "frontends/cli/"]

SCAN_DIRS = ["codecs", "pipeline", "stages", "engine_hw", "security", "frontends"]
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
ALLOWED = {name: set(deps) for name, _, deps in MODULES}


def module_of(path):
    """Module owning a root-relative path, or None when outside every module."""
    best, best_len = None, -1
    for name, prefixes, _ in MODULES:
        for p in prefixes:
            if path.startswith(p) and len(p) > best_len:
                best, best_len = name, len(p)
    if best == "core":
        # Subfolders of pipeline/ other than detail/ are not core (e.g. a future module).
        rest = path[len("pipeline/"):]
        if "/" in rest and not rest.startswith("detail/"):
            return None
    return best


def private_owner(header):
    """For X/detail/y.h returns "X/" (the only folder that may include it), else None."""
    parts = header.split("/")
    if "detail" not in parts[:-1]:
        return None
    return "/".join(parts[:parts.index("detail")]) + "/"


def check_include(src, header, root):
    """Reasons src may not include header (empty when fine), and the header's module."""
    hmod = module_of(header)
    if not os.path.isfile(os.path.join(root, header)):
        if header.split("/")[0] in SCAN_DIRS:
            return ["no such header"], hmod
        return [], hmod  # third-party or system header written with quotes
    smod = module_of(src)
    reasons = []
    if header.startswith(SIM_PREFIX):
        # Stricter than the layer table for engine_sim, so it replaces the layer check.
        if not any(src.startswith(p) for p in SIM_USERS):
            reasons.append("simulator outside mfpd, tools and tests")
    elif hmod is not None and smod is not None and hmod != smod:
        if smod == "codecs" and hmod == "core":
            if header not in CODECS_CORE_HEADERS:
                reasons.append("codecs may include only %s from core"
                               % ", ".join(sorted(CODECS_CORE_HEADERS)))
        elif hmod not in ALLOWED[smod]:
            reasons.append("layer order")
    owner = private_owner(header)
    if owner is not None and not src.startswith(owner):
        reasons.append("private header")
    return reasons, hmod


def scan(root):
    files = []
    for top in SCAN_DIRS:
        for dirpath, dirnames, names in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for n in sorted(names):
                if n.endswith((".h", ".cc")):
                    files.append(os.path.relpath(os.path.join(dirpath, n), root))
    return [f.replace(os.sep, "/") for f in files]


USAGE = "usage: check_layers.py [SOURCE_ROOT] [--allow FILE]"


def usage_error(msg=USAGE):
    print(msg, file=sys.stderr)
    sys.exit(2)


def read_allow(path):
    allow = set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "->" not in line:
                usage_error("%s:%d: expected 'path -> header'" % (path, lineno))
            src, header = (s.strip() for s in line.split("->", 1))
            allow.add((src, header))
    return allow


def main(argv):
    args, allow_file = [], None
    it = iter(argv)
    for a in it:
        if a == "--allow":
            allow_file = next(it, None)
            if allow_file is None:
                usage_error()
        elif a.startswith("--allow="):
            allow_file = a.split("=", 1)[1]
        else:
            args.append(a)
    if len(args) > 1:
        usage_error()
    root = args[0] if args else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not os.path.isdir(root):
        usage_error("check_layers.py: no such source root: " + root)
    allow = read_allow(allow_file) if allow_file else set()

    files = scan(root)
    violations = 0
    for src in files:
        smod = module_of(src) or "?"
        with open(os.path.join(root, src), encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                header = os.path.normpath(m.group(1)).replace(os.sep, "/")
                reasons, hmod = check_include(src, header, root)
                if not reasons:
                    continue
                msg = "%s:%d: %s may not include %s (%s): %s" % (
                    src, lineno, smod, header, hmod or "?", "; ".join(reasons))
                if (src, header) in allow:
                    print("allowed (known): " + msg)
                else:
                    print(msg)
                    violations += 1
    print("check-layers: %d files, %d violations" % (len(files), violations))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
