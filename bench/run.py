#!/usr/bin/env python3
"""Benchmark `fislint check` on a synthetic repository (not a timed test; run it by hand).

Builds REPO (default /tmp/fislint-bench/repo): the real templates of tests/corpus (every
subdirectory, Terraform `.tf` files included, plus any --corpus directory) copied to 10,000 files,
mixed with 10,000 unrelated JSON/YAML files (Kubernetes manifests, GitHub workflows, package
locks). Then measures, in one run, the median wall time of several whole-process runs of:

  fislint     $CARGO_TARGET_DIR/dist/fislint check REPO --format json --exit-zero
  parse-only  the parse_only bench binary: the same walk, every file read and parsed, no rules
  cat         find REPO -type f -print0 | xargs -0 cat > /dev/null
  cfn-lint    cfn-lint on a sample of the CloudFormation subset (once; when installed: it
              manages about 8 templates a second, so the whole subset would take minutes)
  one file    fislint check on a single small template

and prints templates per second, CPU time, peak memory (max RSS) and the ratios. The contenders
run interleaved, so load from other processes spreads over all of them; the load average is
printed because on a shared machine it moves every number.

usage: python3 bench/run.py [--repo DIR] [--corpus DIR]... [--runs N] [--cfn-lint-sample N]
                           [--no-cfn-lint] [--rebuild] [--quick]

--quick builds a 400-file repository (under REPO-quick) and runs each contender once with debug
binaries (no release build): enough to see the harness work, not to read figures from.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository's own corpus; other directories (such as ../shared/corpus) only when named.
CORPUS = ROOT / "tests" / "corpus"
# `.tf.json` ends in `.json`.
TEMPLATE_EXTENSIONS = {".json", ".yaml", ".yml", ".template", ".tf"}
N_TEMPLATES = 10_000
N_UNRELATED = 10_000
QUICK_FILES = 200


def target_dir():
    """Where cargo puts the binaries: CARGO_TARGET_DIR (relative to the repository, where cargo
    runs) or target/."""
    configured = os.environ.get("CARGO_TARGET_DIR")
    return ROOT / configured if configured else ROOT / "target"


def corpus_templates(corpora):
    files = sorted(
        p
        for corpus in corpora
        for p in corpus.rglob("*")
        if p.is_file() and p.suffix in TEMPLATE_EXTENSIONS
    )
    if not files:
        sys.exit(f"no templates under {', '.join(map(str, corpora))}")
    return files


def k8s_manifest(i, rng):
    replicas = rng.randint(1, 9)
    containers = "".join(
        f"""      - name: app-{c}
        image: registry.example.com/team/app-{i % 97}:{rng.randint(1, 300)}
        ports:
        - containerPort: {8000 + c}
        resources:
          limits: {{cpu: "{rng.randint(1, 4)}", memory: {rng.randint(1, 8)}Gi}}
        env:
        - {{name: LOG_LEVEL, value: info}}
        - {{name: REGION, value: us-east-1}}
"""
        for c in range(rng.randint(1, 4))
    )
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-{i}
  namespace: team-{i % 13}
  labels: {{app: service-{i}, tier: backend}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: service-{i}}}
  template:
    metadata:
      labels: {{app: service-{i}}}
    spec:
      containers:
{containers}---
apiVersion: v1
kind: Service
metadata: {{name: service-{i}}}
spec:
  selector: {{app: service-{i}}}
  ports: [{{port: 80, targetPort: 8000}}]
"""


def workflow(i, rng):
    steps = "".join(
        f"""      - name: step {s}
        run: |
          make target-{s} JOBS={rng.randint(1, 8)}
          echo "done {i}-{s}"
"""
        for s in range(rng.randint(2, 8))
    )
    return f"""name: build-{i}
on:
  push: {{branches: [main]}}
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix: {{node: [18, 20, 22]}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: {{node-version: "${{{{ matrix.node }}}}"}}
{steps}"""


def package_lock(i, rng):
    packages = {"": {"name": f"app-{i}", "version": "1.0.0"}}
    for p in range(rng.randint(10, 100)):
        name = f"node_modules/pkg-{rng.randint(0, 5000)}"
        packages[name] = {
            "version": f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 50)}",
            "resolved": f"https://registry.example.org/{name}/-/{name}-1.0.0.tgz",
            "integrity": "sha512-" + "".join(rng.choice("abcdef0123456789") for _ in range(64)),
            "dependencies": {f"dep-{rng.randint(0, 99)}": "^1.0.0"},
        }
    return json.dumps(
        {"name": f"app-{i}", "version": "1.0.0", "lockfileVersion": 3, "packages": packages},
        indent=2,
    )


def build_repo(repo: Path, corpora, n_templates, n_unrelated):
    if repo.exists():
        shutil.rmtree(repo)
    templates = corpus_templates(corpora)
    for i in range(n_templates):
        src = templates[i % len(templates)]
        dst = repo / "experiments" / f"{i // 100:03d}" / f"{i:05d}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    rng = random.Random(4)
    makers = [
        ("k8s", "yaml", k8s_manifest),
        ("workflows", "yml", workflow),
        ("locks", "json", package_lock),
    ]
    for i in range(n_unrelated):
        kind, ext, make = makers[i % len(makers)]
        name = "package-lock.json" if kind == "locks" else f"file-{i}.{ext}"
        dst = repo / kind / f"{i // 50:03d}" / f"{i:05d}" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(make(i, rng))
    (repo / ".built").write_text("ok\n")


class Contender:
    """One command's runs: wall seconds, CPU seconds (user + system) and max RSS in MB."""

    def __init__(self, name, cmd, shell=False):
        self.name, self.cmd, self.shell = name, cmd, shell
        self.wall, self.cpu, self.rss = [], [], []

    def run(self):
        timed = ["/usr/bin/time", "-f", "%M %U %S"] + (
            ["sh", "-c", self.cmd] if self.shell else self.cmd
        )
        start = time.perf_counter()
        proc = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.wall.append(time.perf_counter() - start)
        rss_kib, user, system = proc.stderr.strip().splitlines()[-1].split()
        self.rss.append(int(rss_kib) / 1024)
        self.cpu.append(float(user) + float(system))

    def median_wall(self):
        return statistics.median(self.wall)

    def median_cpu(self):
        return statistics.median(self.cpu)

    def peak_rss(self):
        return max(self.rss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path("/tmp/fislint-bench/repo"))
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[],
        help="another directory of templates to copy from, besides tests/corpus (repeatable)",
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cfn-lint-sample", type=int, default=200)
    parser.add_argument("--no-cfn-lint", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the repository")
    parser.add_argument("--quick", action="store_true", help="a small repository, one run each")
    args = parser.parse_args()
    corpora = [CORPUS, *args.corpus]
    n_templates, n_unrelated = N_TEMPLATES, N_UNRELATED
    if args.quick:
        n_templates = n_unrelated = QUICK_FILES
        args.runs = 1
        args.repo = args.repo.with_name(args.repo.name + "-quick")

    profile = "debug" if args.quick else "dist"
    subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "fislint", "--bench", "parse_only"]
        + ([] if args.quick else ["--profile", "dist"]),
        cwd=ROOT,
        check=True,
    )
    fislint = target_dir() / profile / "fislint"
    parse_only = newest_bench_binary("parse_only", profile)

    repo = args.repo
    if args.rebuild or not (repo / ".built").exists():
        print(f"building {repo} ...", file=sys.stderr)
        build_repo(repo, corpora, n_templates, n_unrelated)
    files = [p for p in repo.rglob("*") if p.is_file() and p.name != ".built"]
    size_mb = sum(p.stat().st_size for p in files) / 1e6

    # Warm the page cache so every contender reads from memory.
    subprocess.run(f"find {repo} -type f -print0 | xargs -0 cat > /dev/null", shell=True)
    report = subprocess.run(
        [str(fislint), "check", str(repo), "--format", "json", "--exit-zero"],
        capture_output=True,
        text=True,
        check=True,
    )
    checked = json.loads(report.stdout)["files_checked"]

    lint = Contender(
        "fislint", [str(fislint), "check", str(repo), "--format", "json", "--exit-zero"]
    )
    parse = Contender("parse-only", [str(parse_only), str(repo)])
    cat = Contender("cat", f"find {repo} -type f -print0 | xargs -0 cat > /dev/null", shell=True)
    small = ROOT / "examples" / "web-tier-stop.json"
    one = Contender("one file", [str(fislint), "check", str(small), "--exit-zero"])
    # What starting any process through this harness costs, to read the one-file time against.
    spawn = Contender("(no-op)", ["true"])
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for contender in (lint, parse, cat):
            contender.run()
    for _ in range(args.runs if args.quick else max(args.runs, 21)):
        one.run()
        spawn.run()
    load_after = os.getloadavg()[0]

    print(f"repository: {len(files)} files, {size_mb:.1f} MB, {checked} templates linted")
    print(
        f"machine:    {os.cpu_count()} cores, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; median of {args.runs} interleaved runs, warm page cache"
    )
    print(f"{'':<12}{'wall':>9}  {'CPU':>7}  {'peak RSS':>9}  {'templates/s':>12}")
    row = "{:<12}{:>8.3f}s  {:>6.2f}s  {:>7.1f}MB  {:>12}"
    lint_s = lint.median_wall()
    print(row.format("fislint", lint_s, lint.median_cpu(), lint.peak_rss(), f"{checked / lint_s:,.0f}"))
    for contender in (parse, cat, one, spawn):
        print(row.format(contender.name, contender.median_wall(), contender.median_cpu(),
                         contender.peak_rss(), ""))
    cfn_rate = None
    if not args.no_cfn_lint and shutil.which("cfn-lint"):
        cfn = [p for p in files if "experiments" in p.parts and is_cloudformation(p)]
        sample = cfn[: args.cfn_lint_sample]
        list_file = repo.parent / "cfn-files.txt"
        list_file.write_text("".join(f"{p}\0" for p in sample))
        cfn_lint = Contender(
            "cfn-lint", f"xargs -0 -a {list_file} cfn-lint --format parseable > /dev/null", True
        )
        cfn_lint.run()
        cfn_s = cfn_lint.median_wall()
        cfn_rate = len(sample) / cfn_s
        print(row.format("cfn-lint", cfn_s, cfn_lint.median_cpu(), cfn_lint.peak_rss(),
                         f"{cfn_rate:,.1f}")
              + f"  ({len(sample)} of the {len(cfn)} CloudFormation templates, one run)")
    print(f"fislint / parse-only: {lint_s / parse.median_wall():.2f}x wall, "
          f"{lint.median_cpu() / parse.median_cpu():.2f}x CPU")
    print(f"fislint / cat:        {lint_s / cat.median_wall():.2f}x wall")
    if cfn_rate:
        print(f"fislint lints {checked / lint_s / cfn_rate:,.0f}x as many templates a second "
              "as cfn-lint")
    if args.quick:
        print("(--quick: debug binaries, a small repository, one run: no target is judged)")
        return
    targets = [
        ("20,000 files under 1 s", lint_s < 1.0),
        ("within 2x of parse-only", lint_s <= 2 * parse.median_wall()),
        ("within 2x of cat", lint_s <= 2 * cat.median_wall()),
        ("peak memory under 100 MB", lint.peak_rss() < 100),
        ("one small file under 10 ms", one.median_wall() < 0.010),
        ("one small file under 10 ms beyond a no-op process",
         one.median_wall() - spawn.median_wall() < 0.010),
    ]
    for name, ok in targets:
        print(f"target {'met   ' if ok else 'MISSED'}  {name}")


def is_cloudformation(path: Path) -> bool:
    text = path.read_text(errors="replace")
    return "AWS::FIS::ExperimentTemplate" in text and "Resources" in text


def newest_bench_binary(name, profile):
    deps = target_dir() / profile / "deps"
    candidates = [
        p for p in deps.glob(f"{name}-*") if p.is_file() and os.access(p, os.X_OK) and not p.suffix
    ]
    if not candidates:
        sys.exit(f"no {name} bench binary under {deps}")
    return max(candidates, key=lambda p: p.stat().st_mtime)


if __name__ == "__main__":
    main()
