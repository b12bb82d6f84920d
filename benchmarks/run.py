"""``make bench``: run every ``benchmarks/bench_*.py`` and write its JSON result under ``var/bench/``.

Each module defines ``run(scale: str) -> dict | list[dict]`` returning, per measured figure,
``{"name", "figure", "unit", "target", "baseline", "baseline_name", "ok"}`` — the baseline is the
physical limit (a bare query, a raw executemany …) measured in the same run, on the same machine.

    make bench                       # scale "full" (the issues' targets)
    make bench BENCH_ARGS="--scale small --only registry"
    make bench-pg BENCH_ARGS="--scale full --only registry_import:1m"   # one size of a module (``run(scale, variants)``)

``--only NAME:VARIANT`` runs only that variant of the modules whose name contains NAME (several: comma-separated,
e.g. ``registry_import:1m,registry_import:1.5m``); their JSON goes to ``var/bench/<module>-<variants>.json`` so a
partial run does not overwrite the module's full result.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fazhi benchmarks")
    parser.add_argument("--scale", choices=["small", "full"], default="full")
    parser.add_argument(
        "--only", default="", help="run only modules whose name contains this text (several: comma-separated)"
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = [w.split(":", 1)[0] for w in args.only.split(",")]
    variants: dict[str, list[str]] = {}
    for w in args.only.split(","):
        if ":" in w:
            variants.setdefault(w.split(":", 1)[0], []).append(w.split(":", 1)[1])
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py") if any(w in p.stem for w in wanted))
    summary = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "scale": args.scale,
        "results": [],
    }
    failed = 0
    for name in modules:
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        chosen = [v for w, vs in variants.items() if w in name for v in vs]
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            result = module.run(args.scale, variants=chosen) if chosen else module.run(args.scale)
        except Exception:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            result = {"name": name, "error": traceback.format_exc(limit=3), "ok": False}
        results = result if isinstance(result, list) else [result]
        for r in results:
            r.setdefault("module", name)
            r["wall_seconds"] = round(time.perf_counter() - started, 2)
            failed += 0 if r.get("ok") else 1
            print(json.dumps(r, ensure_ascii=False), flush=True)
        stem = f"{name}-{'-'.join(chosen)}" if chosen else name
        (out_dir / f"{stem}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
        summary["results"].extend(results)
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"{len(summary['results']) - failed} passed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
