#!/usr/bin/env python3
"""`smsmc ... --json` against spec/results.schema.json (issue 15).

Run by CTest, one test per group:
    json_results_test.py SMSMC SOURCE_DIR GROUP
Every document is validated with python3-jsonschema (Debian's package,
draft 2020-12) and checked for what its case must show: the exit code
repeated in the document, the verdicts, the completeness, counterexamples as
trace objects identical to what --trace-out writes. Groups: check, matrix,
gate, simulate, replay, check_timed, threshold, sweep, errors, interrupted, schema (the schema rejects
broken documents, so a passing validation means something), readme (the
README's jq lines).
"""
import copy
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema

SMSMC, SOURCE_DIR, GROUP = sys.argv[1], sys.argv[2], sys.argv[3]
with open(os.path.join(SOURCE_DIR, "spec", "results.schema.json"), encoding="utf-8") as f:
    SCHEMA = json.load(f)
jsonschema.Draft202012Validator.check_schema(SCHEMA)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
GOLDEN = os.path.join(SOURCE_DIR, "traces", "original-N1-M1-no-config-failure.json")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def validate(doc, what):
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        print(f"  {what}: {list(e.absolute_path)}: {e.message[:300]}")
    check(not errors, f"{what}: valid against the schema")


def parse(stdout, what):
    """stdout must hold exactly one JSON document: progress and headers go to stderr."""
    try:
        return json.loads(stdout)
    except json.JSONDecodeError as e:
        check(False, f"{what}: stdout is one JSON document ({e}): {stdout[:500]!r}")
        return None


def finished(what, proc_code, stdout, code):
    check(proc_code == code, f"{what}: exit {code}, got {proc_code}")
    doc = parse(stdout, what)
    if doc is None:
        return {}
    validate(doc, what)
    check(doc.get("exit", {}).get("code") == proc_code, f"{what}: the document repeats the exit code")
    print(f"ok {what}: exit {proc_code}, complete={doc.get('complete')}, stopped_by={doc.get('stopped_by')}")
    return doc


def run(args, code, timeout=300):
    what = "smsmc " + " ".join(args)
    p = subprocess.run([SMSMC] + args + ["--json"], capture_output=True, text=True, timeout=timeout)
    return finished(what, p.returncode, p.stdout, code)


def interrupted(args, header, code=3):
    """Starts a long run, waits for its header on stderr (printed once the
    signal handlers are installed), sends one SIGINT: a partial result."""
    what = "smsmc " + " ".join(args) + " (SIGINT)"
    p = subprocess.Popen([SMSMC] + args + ["--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err, deadline = "", time.time() + 60
    while header not in err and time.time() < deadline:
        ready, _, _ = select.select([p.stderr], [], [], 1)
        if ready:
            line = p.stderr.readline()
            if not line:
                break
            err += line
    check(header in err, f"{what}: header on stderr before the signal")
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, rest = p.communicate(timeout=120)
    check("stopping at the next safe point" in err + rest, f"{what}: the signal was seen")
    return finished(what, p.returncode, out, code)


def verdicts(doc):
    return {p["name"]: p["verdict"] for p in doc.get("properties", [])}


def group_check():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "race.json")
        doc = run(["check", "-v", "original", "-n", "1", "-m", "1", "--trace-out", out, "--trace-dir", tmp], 1)
        check(doc["complete"] and doc["stopped_by"] is None, "violated: complete")
        check(verdicts(doc)["no-config-failure"] == "violated", "violated: no-config-failure violated")
        first = next(p for p in doc["properties"] if p["verdict"] == "violated")
        # The embedded counterexample is the trace format, byte for byte what --trace-out wrote.
        with open(out, encoding="utf-8") as f:
            check(json.load(f) == first["counterexample"], "violated: counterexample == the --trace-out file")
        check([t["file"] for t in first["trace_files"]][0] == out, "violated: trace_files names --trace-out")
        check(all(t["error"] is None for p in doc["properties"] for t in p["trace_files"]), "violated: traces written")
        check(len(first["counterexample"]["steps"]) == 4, "violated: the shortest race has 4 steps")
    doc = run(["check", "-v", "handshake", "-n", "1", "-m", "1"], 0)
    check(doc["complete"] and all(p["counterexample"] is None for p in doc["properties"]), "holds: no counterexample")
    check("violated" not in verdicts(doc).values() and "unknown" not in verdicts(doc).values(), "holds: verdicts")
    doc = run(["check", "-v", "handshake", "-n", "2", "-m", "3", "--max-states", "10"], 3)
    check(not doc["complete"] and doc["stopped_by"] == "max-states", "incomplete: stopped by max-states")
    check(verdicts(doc)["no-config-failure"] == "unknown", "incomplete: unknown verdict")
    check(any(e["explored"] == "partial" for e in doc["environments"]), "incomplete: a partial environment")
    # Tens of millions of states: far past 8 MiB whatever the engine saves.
    doc = run(["check", "-v", "handshake", "-n", "6", "-m", "16", "--max-memory", "8M"], 3)
    check(not doc["complete"] and doc["stopped_by"] == "max-memory", "incomplete: stopped by the memory budget")
    # A violation found in a run that stopped early: exit 1, not complete.
    doc = run(["check", "-v", "original", "-n", "2", "-m", "3", "-p", "no-config-failure", "-p", "no-deadlock",
               "--max-states", "200"], 1)
    check(not doc["complete"] and doc["stopped_by"] == "max-states", "violated but incomplete: complete is false")
    check(verdicts(doc)["no-config-failure"] == "violated" and verdicts(doc)["no-deadlock"] == "unknown",
          "violated but incomplete: the violation and the unknown")


def group_check_timed():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "timed.json")
        doc = run(["check", "--timed", "--timing", "kb-wan", "-m", "8", "--trace-out", out], 1)
        check(doc["complete"] and doc["zones"]["explored"] == "all", "timed violated: complete")
        race = next(p for p in doc["properties"] if p["name"] == "no-config-failure")
        check(race["verdict"] == "violated" and race["failure"], "timed violated: the race at M = 8 (M* is 6)")
        with open(out, encoding="utf-8") as f:
            check(json.load(f) == race["counterexample"], "timed: counterexample == the --trace-out file")
        check(race["counterexample"]["version"] == 3, "timed: a version 3 trace")
    doc = run(["check", "--timed", "-v", "handshake", "--timing", "kb-wan", "-m", "2"], 0)
    check(all(not p["failure"] and p["counterexample"] is None for p in doc["properties"]), "timed holds")
    check(doc["time_to_upgrade"]["best"]["seconds"] <= doc["time_to_upgrade"]["worst"]["seconds"], "timed: best <= worst")
    doc = run(["check", "--timed", "-v", "handshake", "--timing", "kb-wan", "-n", "3", "-m", "8", "--max-states", "5"], 3)
    check(not doc["complete"] and doc["stopped_by"] == "max-states", "timed incomplete: stopped by max-states")
    check(doc["zones"]["explored"] == "partial", "timed incomplete: partial")


def group_matrix():
    doc = run(["matrix", "-n", "1", "-m", "1"], 0)
    columns = {v["variant"]: v for v in doc["variants"]}
    check(len(columns) == 5 and all(v["complete"] for v in columns.values()), "matrix: five complete columns")
    original = {p["name"]: p for p in columns["original"]["properties"]}
    check(original["no-config-failure"]["verdict"] == "violated", "matrix: original violated")
    check(original["no-config-failure"]["counterexample"]["variant"] == "original", "matrix: trace object")
    check(all(p["verdict"] != "violated" for p in columns["handshake"]["properties"]), "matrix: handshake holds")
    # matrix has no bounds: it cannot be incomplete short of running out of memory.
    run(["matrix", "-n", "0"], 2)


def write_expectations(tmp, edit):
    with open(os.path.join(SOURCE_DIR, "spec", "expectations.yaml"), encoding="utf-8") as f:
        text = f.read()
    for old, new in edit:
        check(old in text, f"expectations edit applies: {old!r}")
        text = text.replace(old, new, 1)
    path = os.path.join(tmp, "expectations.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def group_gate():
    with tempfile.TemporaryDirectory() as tmp:
        doc = run(["gate", "--quick", "-v", "handshake", "--out", os.path.join(tmp, "out")], 0)
        check(doc["summary"]["differ"] == 0 and all(c["matches"] for c in doc["cells"]), "gate holds: all match")
        check(len(doc["reports"]) == 2 and all(os.path.exists(r) for r in doc["reports"]), "gate: reports written")
        wrong = write_expectations(tmp, [("handshake:\n    no-config-failure: holds", "handshake:\n    no-config-failure: violated")])
        doc = run(["gate", "--quick", "-v", "handshake", "--out", "", "--expectations", wrong], 1)
        # The exhaustive cells of that property, and the schedules (which now expect a race).
        cells = [c for c in doc["cells"] if not c["matches"]]
        check(len(cells) >= 1 and all(c["property"] in ("no-config-failure", "schedules") for c in cells),
              "gate differs: that cell")
        check(any(c["property"] == "no-config-failure" and c["explorer"] == "exhaustive" for c in cells),
              "gate differs: an exhaustive cell")
        bounded = write_expectations(tmp, [("quick: {sites: [1, 2], logon_servers: [1, 3]}",
                                            "quick: {sites: [1, 2], logon_servers: [1, 3], max_states: 10}")])
        doc = run(["gate", "--quick", "-v", "handshake", "--out", "", "--expectations", bounded], 3)
        check(not doc["complete"] and doc["summary"]["incomplete"] > 0, "gate incomplete: cells unknown")
        check(any(c["got"] == "unknown" for c in doc["cells"]), "gate incomplete: unknown cells")
        allowed = write_expectations(tmp, [("quick: {sites: [1, 2], logon_servers: [1, 3]}",
                                            "quick: {sites: [1, 2], logon_servers: [1, 3], max_states: 10, "
                                            "allow_incomplete: true}")])
        doc = run(["gate", "--quick", "-v", "handshake", "--out", "", "--expectations", allowed], 0)
        check(not doc["complete"] and doc["stopped_by"] == "cells", "gate allowed incomplete: exit 0, not complete")
        run(["gate", "--quick", "--expectations", os.path.join(tmp, "missing.yaml")], 2)


def group_simulate():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "race.json")
        doc = run(["simulate", "-v", "original", "--runs", "50", "--seed", "1", "--trace-out", out], 1)
        cx = doc["counterexample"]
        check(doc["verdict"] == "violated" and cx["shrunk"] and cx["rc_params"], "simulate violated: shrunk")
        with open(out, encoding="utf-8") as f:
            check(json.load(f) == cx["trace"], "simulate: trace == the --trace-out file")
        check(cx["trace"]["found_by"]["explorer"].startswith("rapidcheck"), "simulate: found by rapidcheck")
    doc = run(["simulate", "-v", "handshake", "--runs", "30", "--scheduler", "pct"], 0)
    check(doc["verdict"] == "holds" and doc["statistics"]["schedules"] == 30, "simulate holds: 30 schedules")
    check(doc["configuration"]["change_points"] == 3, "simulate: pct change points")
    run(["simulate", "--scheduler", "nope"], 2)
    # --timed: random timed runs (a seed that finds the race at M = 16 under kb-wan; the M* there is 6).
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "timed.json")
        doc = run(["simulate", "--timed", "-v", "original", "--timing", "kb-wan", "-m", "16", "--runs", "2000",
                   "--seed", "1", "--trace-out", out], 1)
        cx = doc["counterexample"]
        check(doc["verdict"] == "violated" and cx["property"] == "no-config-failure", "timed simulate: violated")
        with open(out, encoding="utf-8") as f:
            check(json.load(f) == cx["trace"], "timed simulate: trace == the --trace-out file")
        check(cx["trace"]["version"] == 3 and cx["trace"]["found_by"] == {"explorer": "timed-random", "seed": 1},
              "timed simulate: a timed trace found by timed-random")
        check(len(cx["trace"]["steps"]) <= cx["steps_drawn"], "timed simulate: shrunk")
    doc = run(["simulate", "--timed", "-v", "handshake", "--timing", "kb-wan", "--runs", "50"], 0)
    check(doc["verdict"] == "holds" and doc["statistics"]["runs"] == 50, "timed simulate holds: 50 runs")
    check(doc["configuration"]["timing"]["profile"] == "kb-wan", "timed simulate: the timing profile")


def group_replay():
    doc = run(["replay", GOLDEN], 1)
    check(doc["verdict"] == "violated" and doc["property"] == "no-config-failure", "replay violated: the property")
    with open(GOLDEN, encoding="utf-8") as f:
        check(json.load(f) == doc["trace"], "replay: the trace as read")
    with tempfile.TemporaryDirectory() as tmp:
        with open(GOLDEN, encoding="utf-8") as f:
            trace = json.load(f)
        trace["steps"], trace["property"] = trace["steps"][:1], ""
        clean = os.path.join(tmp, "clean.json")
        with open(clean, "w", encoding="utf-8") as f:
            json.dump(trace, f)
        doc = run(["replay", clean], 0)
        check(doc["verdict"] == "clean" and doc["property"] is None, "replay clean")
        broken = os.path.join(tmp, "broken.json")
        with open(broken, "w", encoding="utf-8") as f:
            f.write("{")
        doc = run(["replay", broken], 2)
        check(broken in doc["error"]["message"], "replay error names the file")
        run(["replay", tmp], 2)


def group_threshold():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "race.json")
        doc = run(["threshold", "-v", "original", "--timing", "kb-wan", "--trace-out", out], 1)
        m = doc["m_star"]
        check(doc["complete"] and isinstance(m, int), "racy: complete, M* found")
        check([v["m"] for v in doc["verdicts"]] == list(range(m + 1)), "racy: verdicts for M = 0..M*")
        check(doc["verdicts"][-1]["verdict"] == "violated", "racy: violated at M*")
        check(all(v["verdict"] == "holds" for v in doc["verdicts"][:-1]), "racy: holds below M*")
        cx = doc["counterexample"]
        with open(out, encoding="utf-8") as f:
            check(json.load(f) == cx, "racy: counterexample == the --trace-out file")
        check(cx["version"] == 3 and cx["timing"]["profile"] == "kb-wan", "racy: a timed trace (version 3)")
        check(cx["logon_servers"] == m and cx["property"] == "no-config-failure", "racy: the trace is at M*")
        check(all("time" in step for step in cx["steps"]), "racy: every step has its time")
        check(doc["configuration"]["timing"] == cx["timing"], "racy: the configuration's timing is the trace's")
        form = doc["closed_form"]
        check(form is None or form["m_star"] == m, "racy: the closed form agrees (N = 1)")
    doc = run(["threshold", "-v", "handshake", "--timing", "kb-wan", "--max-m", "3", "--every-m"], 0)
    check(doc["complete"] and doc["m_star"] is None and doc["counterexample"] is None, "race-free: no M*")
    check([v["verdict"] for v in doc["verdicts"]] == ["holds"] * 4, "race-free: holds for M = 0..3")
    doc = run(["threshold", "-v", "original", "--duration", "link.transit=7", "-n", "2", "--max-m", "2"], 1)
    check(doc["configuration"]["timing"]["durations"]["link.transit"] == "7", "the --duration override")
    check(doc["closed_form"] is None and doc["configuration"]["sites"] == 2, "N = 2: no closed form")
    # N = 4 takes far longer than 10 ms a check: every check stops undecided.
    doc = run(["threshold", "-v", "original", "--timing", "kb-wan", "-n", "4", "--timeout", "0.01"], 3)
    check(not doc["complete"] and doc["stopped_by"] == "timeout", "incomplete: stopped by --timeout")
    check(doc["m_star"] is None and doc["counterexample"] is None, "incomplete: no M*")
    check("unknown" in [v["verdict"] for v in doc["verdicts"]], "incomplete: unknown verdicts")


def group_sweep():
    doc = run(["sweep", "-v", "original", "-v", "handshake", "--timing", "kb-wan", "--over",
               "link.transit=0..3600:1800", "--max-m", "8"], 0)
    rows = doc["rows"]
    check([r["value"] for r in rows] == [0, 1800, 3600], "sweep: one row per value")
    check(all(set(r["m_star"]) == {"original", "handshake"} for r in rows), "sweep: M* per variant")
    check(all(r["m_star"]["handshake"] is None for r in rows), "sweep: handshake race-free")
    original = [r["m_star"]["original"] for r in rows]
    # A longer transit leaves the shutdown more time: racy at 0 s, race-free (M <= 8) at 3,600 s.
    check(isinstance(original[0], int) and original[-1] is None, "sweep: original racy, then race-free")
    check(doc["complete"] and doc["skipped"] == [], "sweep: complete, nothing skipped")
    # One threshold run per row agrees with the sweep.
    one = run(["threshold", "-v", "original", "--timing", "kb-wan", "--duration", "link.transit=1800", "--max-m",
               "8"], 1 if rows[1]["m_star"]["original"] is not None else 0)
    check(one["m_star"] == rows[1]["m_star"]["original"], "sweep: row 1800 == threshold at link.transit=1800")


def group_errors():
    for args in (["check", "-v", "nope"], ["check", "--sites", "abc"], ["check", "--no-such-flag"],
                 ["check", "--max-states", "-5"], ["simulate", "--runs", "0"], ["replay"], ["nope"],
                 ["list"],  # list has no --json: CLI11's error, as JSON
                 ["check", "--timed", "-p", "nope"],
                 ["simulate", "--timed", "--timing", "nope"],
                 ["threshold", "-v", "nope"], ["threshold", "--max-m", "-1"], ["sweep"],
                 ["sweep", "--over", "no.such.duration=0..10"], ["sweep", "--over", "link.transit=10..5"]):
        doc = run(args, 2)
        check(doc.get("error", {}).get("message"), f"{args}: an error message")
        check(doc.get("complete") is False, f"{args}: not complete")
    check(run(["nope"], 2).get("command") is None, "unknown subcommand: command null")
    check(run(["check", "-v", "nope"], 2).get("command") == "check", "error names its command")
    with tempfile.TemporaryDirectory() as tmp:
        run(["check", "--trace-dir", os.path.join(GOLDEN, "x")], 2)


def group_interrupted():
    doc = interrupted(["check", "-v", "handshake", "-n", "6", "-m", "16"], "smsmc check:")
    check(doc["stopped_by"] == "signal" and not doc["complete"], "check: stopped by the signal")
    check("unknown" in verdicts(doc).values(), "check: unknown verdicts")
    doc = interrupted(["simulate", "-v", "handshake", "-n", "8", "-m", "64", "--runs", "100000000"],
                      "smsmc simulate:")
    check(doc["stopped_by"] == "signal" and doc["verdict"] == "holds", "simulate: stopped, holds so far")
    with tempfile.TemporaryDirectory() as tmp:
        doc = interrupted(["gate", "-v", "handshake", "--out", os.path.join(tmp, "out")], "smsmc gate:")
        check(doc["summary"]["interrupted"] and doc["stopped_by"] == "signal", "gate: interrupted")


def group_schema():
    """Broken documents must fail: otherwise 'valid' proves nothing."""
    p = subprocess.run([SMSMC, "check", "-v", "original", "-n", "1", "-m", "1", "--json"], capture_output=True,
                       text=True)
    good = json.loads(p.stdout)
    validate(good, "the unchanged document")

    def rejects(edit, what):
        doc = copy.deepcopy(good)
        edit(doc)
        check(not VALIDATOR.is_valid(doc), f"schema rejects {what}")

    rejects(lambda d: d.update(surprise=1), "an unknown top-level field")
    rejects(lambda d: d["exit"].update(code=0), "an exit code that disagrees with its meaning")
    rejects(lambda d: d["properties"][0].update(verdict="VIOLATED"), "a verdict outside the keys")
    rejects(lambda d: d["properties"][0]["counterexample"].update(format="other"), "a trace of another format")
    rejects(lambda d: d["properties"][0]["counterexample"]["steps"][0].pop("actor"), "a step without an actor")
    rejects(lambda d: d.pop("complete"), "a document without completeness")
    rejects(lambda d: d.update(error={"message": "x"}), "an error in a result with exit 1")
    rejects(lambda d: d["environments"][0].update(explored="some"), "an unknown explored value")
    rejects(lambda d: d.update(command="bogus"), "an unknown command")
    # Timed traces (trace version 3, spec/trace-format.md): timing and a time per step.
    timed = copy.deepcopy(good)
    cx = timed["properties"][0]["counterexample"]
    cx.update(version=3, timing={"profile": "kb-wan", "durations": {"hm.send_package": "60..300"}})
    for i, step in enumerate(cx["steps"]):
        step["time"] = i * 30 if i % 2 == 0 else f"{i * 61}/2"
    validate(timed, "a document with a timed (version 3) counterexample")
    rejects(lambda d: d["properties"][0]["counterexample"]["steps"][0].update(time="soon"), "a step time in words")
    # threshold and sweep have strict bodies: the envelope alone is not a result.
    envelope = {k: good[k] for k in ("format", "version", "exit", "complete", "stopped_by")}
    for command in ("threshold", "sweep"):
        check(not VALIDATOR.is_valid(dict(envelope, command=command, body={"any": 1})),
              f"schema rejects a {command} document without its body")


def group_readme():
    """The README's jq examples: each command (a ```sh block) run as written,
    its output compared with the ```text block that follows it
    (SMSMC_UPDATE_DOCS=1 rewrites the outputs, as for GeneratedDocs)."""
    with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    begin, end = readme.find("<!-- json-example"), readme.find("<!-- end of json-example -->")
    check(0 <= begin < end, "README has the json-example block")
    pairs = re.findall(r"```sh\n(build/release/smsmc [^\n]+)\n```\n```text\n(.*?)```", readme[begin:end], re.S)
    check(len(pairs) == 3, f"README's example has three command/output pairs, found {len(pairs)}")
    update = os.environ.get("SMSMC_UPDATE_DOCS") == "1"
    block = readme[begin:end]
    for line, expected in pairs:
        command = line.replace("build/release/smsmc", SMSMC, 1)
        p = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=SOURCE_DIR)
        if update and p.stdout and p.stdout != expected:
            block = block.replace(f"{line}\n```\n```text\n{expected}```", f"{line}\n```\n```text\n{p.stdout}```", 1)
            print(f"updated README: {line}")
            continue
        check(p.stdout == expected, f"README line prints what the README shows: {line}\n{p.stdout}{p.stderr}")
        print(f"ok README: {line}")
    if update and block != readme[begin:end]:
        with open(os.path.join(SOURCE_DIR, "README.md"), "w", encoding="utf-8") as f:
            f.write(readme[:begin] + block + readme[end:])


GROUPS = {name[len("group_"):]: fn for name, fn in globals().items() if name.startswith("group_")}
if GROUP not in GROUPS:
    sys.exit(f"unknown group {GROUP}: {', '.join(GROUPS)}")
GROUPS[GROUP]()
if failures:
    sys.exit(f"{len(failures)} failed checks")
print("all checks passed")
