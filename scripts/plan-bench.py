#!/usr/bin/env python3
"""Plan (or apply) N configurations against the loopback simulator with Intune's limits on, and print the figures
issues 5, 6 and 14 ask for.

    python3 scripts/plan-bench.py [N] [--write-limit 100/20] [--latency-ms 0] [--format json|text|markdown]
    python3 scripts/plan-bench.py --apply [N] [--write-limit 100/20]
    python3 scripts/plan-bench.py --export [N]
    python3 scripts/plan-bench.py --usage [N]

The simulator and the client both take Intune's limits from --write-limit: 100 writes and 1,000 requests per 20 s
by default, every request inside a `$batch` counted (`0/0` turns them off).

Plan (N defaults to 10,000): generates a tenant of N configurations (two or three assignments each, a few drifted)
and manifests for all of them (groups by alias, half of them by display name; filters by name). Most go to kinds
read by list pages, settings catalog among them; 20 each to three kinds read one configuration at a time, which
tenants hold a few dozen of. Starts `intune-assign simulator` on it, runs the release build of `intune-assign plan
--verbose` with a client secret over HTTP, and prints: the counted requests (from the simulator's request log) next to
the smallest count for the read paths chosen (list pages per kind + per-item reads + lookups), wall time next to
the throttling floor for that many requests, 429 answers, and the plan command's peak memory (/usr/bin/time -v).

With --apply (N defaults to 2,000): every configuration has one assignment missing; the script plans, then times
`intune-assign apply PLANFILE` and prints its wall time next to the floor the write limit imposes,
(ceil(N/100) - 1) x 20 s, the 429 answers the simulator sent, and checks that a second plan finds no changes.

With --usage (N defaults to 10,000): on the plan's tenant, with Intune's limits on, times `plan` of the manifests,
then `usage GROUP` (the whole tenant read for one group), then `usage GROUP --manifests`, and prints each wall time,
its counted requests, and the ratio of each usage to the plan (issue 19 asks for at most 1.2).

With --blame (N defaults to 10,000): the plan's tenant (2% of configurations drifted) with an audit log of 50,000
events over the last 90 days (a quarter of them on drifted configurations), times `plan` and `plan --blame` (the
default 30 days), and prints each wall time and peak memory, the ratio (issue 29 asks for at most 1.2), the audit
pages read and the events the cut-off keeps.

INTUNE_ASSIGN_BIN=path uses that build instead of building the release one.
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TENANT = "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
APP = {"clientId": "3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14", "clientSecret": "simulator-only-not-a-secret"}
# Kinds whose read profile lists assignments with the configurations (one counted request per page): a tenant's
# bulk. Settings catalog pages at 100 ($top), the others at the simulator's default of 100.
LIST_KINDS = [
    ("deviceConfiguration", "intent"), ("configurationPolicy", None), ("deviceCompliancePolicy", None),
    ("groupPolicyConfiguration", None), ("deviceManagementScript", None), ("deviceShellScript", None),
    ("mobileAppConfiguration", None),
]
# Kinds read one configuration at a time (expand unproven or broken, field-notes §2), of which tenants hold a few
# dozen: PER_ITEM_EACH of each once the tenant is big enough, the rest spread over LIST_KINDS.
PER_ITEM_KINDS = [("compliancePolicy", None), ("deviceEnrollmentConfiguration", None), ("deviceManagementIntent", None)]
PER_ITEM_EACH = 20
PAGE_SIZE = 100
KINDS = LIST_KINDS + PER_ITEM_KINDS


def kind_of(i, n):
    """The kind of configuration number i of n."""
    few = len(PER_ITEM_KINDS) * PER_ITEM_EACH
    if n >= 10 * few and i < few:
        return PER_ITEM_KINDS[i // PER_ITEM_EACH]
    return LIST_KINDS[i % len(LIST_KINDS)] if n >= 10 * few else KINDS[i % len(KINDS)]


def guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(n, folder, rng, drift_every=50, group_count=60, spread_drift=False):
    groups = [{"id": guid(rng), "displayName": f"Bench group {i:03}"} for i in range(group_count)]
    filters = [{"id": guid(rng), "displayName": f"Bench filter {i}", "platform": "windows10AndLater"} for i in range(4)]
    configurations, entries = [], []
    for i in range(n):
        kind, intent = kind_of(i, n)
        cid = guid(rng)
        chosen = rng.sample(range(len(groups)), 3)
        if spread_drift and i % drift_every == 0:
            # The assignment this configuration lacks (its second) goes to a group of its own, in turn.
            forced = (i // drift_every) % len(groups)
            others = [g for g in chosen if g != forced]
            chosen = [others[0], forced, others[1]]
        filt = rng.choice(filters) if i % 4 == 0 else None
        wanted = []
        for position, g in enumerate(chosen[:2 + (i % 2)]):
            target = {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": groups[g]["id"],
                      "deviceAndAppManagementAssignmentFilterId": filt["id"] if (filt and position == 0) else None,
                      "deviceAndAppManagementAssignmentFilterType": "include" if (filt and position == 0) else "none"}
            assignment = {"id": f"{cid}_group_{groups[g]['id']}", "target": target, "source": "direct", "sourceId": None}
            if intent:
                assignment["intent"] = "apply"
            wanted.append((g, filt if (filt and position == 0) else None, assignment))
        # Drift: every `drift_every`-th configuration lacks its last assignment in the tenant.
        current = [a for _, _, a in wanted] if i % drift_every else [a for _, _, a in wanted[:-1]]
        item = {"kind": kind, "id": cid, "displayName": f"Bench {kind} {i:05}", "assignments": current}
        if kind == "deviceEnrollmentConfiguration":
            item["priority"] = i + 1
        configurations.append(item)
        lines = [f"  - kind: {kind}"]
        lines.append(f"    name: Bench {kind} {i:05}" if i % 2 else f"    id: {cid}")
        lines.append("    assignments:")
        for g, f, _ in wanted:
            lines.append(f"      - group: g{g:03}")
            if f:
                lines.append(f"        filter: {{ include: f{filters.index(f)} }}")
        entries.append("\n".join(lines))
    tenant = {"tenantId": TENANT, "displayName": "Bench", "application": APP, "groups": groups,
              "assignmentFilters": filters, "configurations": configurations, "autopilotDevices": []}
    with open(os.path.join(folder, "tenant.json"), "w") as out:
        json.dump(tenant, out)
    manifests = os.path.join(folder, "manifests")
    os.makedirs(manifests)
    with open(os.path.join(manifests, "aliases.yaml"), "w") as out:
        out.write(f"version: 1\ntenant: {TENANT}\ngroups:\n")
        for index, group in enumerate(groups):
            # Half by id, half by display name (each name is one lookup).
            out.write(f"  g{index:03}: {group['id']}\n" if index % 2 else f"  g{index:03}: {{ name: {group['displayName']} }}\n")
        out.write("filters:\n")
        for index, f in enumerate(filters):
            out.write(f"  f{index}: {{ name: {f['displayName']} }}\n")
    per_file = 1000
    for start in range(0, n, per_file):
        with open(os.path.join(manifests, f"bench-{start // per_file:03}.yaml"), "w") as out:
            out.write("version: 1\nconfigurations:\n" + "\n".join(entries[start:start + per_file]) + "\n")
    return groups, filters


def build_release():
    """Builds the release binary and returns its path (INTUNE_ASSIGN_BIN names another build, for a quick look)."""
    if os.environ.get("INTUNE_ASSIGN_BIN"):
        return os.environ["INTUNE_ASSIGN_BIN"]
    subprocess.run(["swift", "build", "-c", "release", "--product", "intune-assign"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "intune-assign")


def start_simulator(binary, folder, limit, *extra):
    """Starts `intune-assign simulator` on FOLDER/tenant.json; returns the process and the environment that signs in to it."""
    server = subprocess.Popen([binary, "simulator", "--tenant", os.path.join(folder, "tenant.json"), "--port", "0",
                               "--write-limit", limit, *extra], stdout=subprocess.PIPE, text=True)
    url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline()).group(0)
    env = dict(os.environ, AZURE_TENANT_ID=TENANT, AZURE_CLIENT_ID=APP["clientId"],
               AZURE_CLIENT_SECRET=APP["clientSecret"], AZURE_AUTHORITY_HOST=url, INTUNE_ASSIGN_GRAPH_URL=url)
    return server, env


def apply_bench(args):
    n = int(next((a for a in args if a.isdigit()), "2000"))
    limit = args[args.index("--write-limit") + 1] if "--write-limit" in args else "100/20"
    count, window = (int(limit.split("/")[0]), float(limit.split("/")[1]))
    binary = build_release()
    with tempfile.TemporaryDirectory() as folder:
        generate(n, folder, random.Random(6), drift_every=1)
        log = os.path.join(folder, "requests.jsonl")
        server, env = start_simulator(binary, folder, limit, "--request-log", log)
        try:
            plan_file = os.path.join(folder, "plan.json")
            planned = subprocess.run([binary, "plan", os.path.join(folder, "manifests"), "--out", plan_file,
                                      "--write-limit", limit], env=env, capture_output=True, text=True)
            if planned.returncode != 0:
                sys.exit(f"plan failed:\n{planned.stderr[-3000:]}")
            calls = json.load(open(plan_file))["summary"]["calls"]
            before = sum(1 for _ in open(log))
            started = time.monotonic()
            applied = subprocess.run(["/usr/bin/time", "-v", binary, "apply", plan_file, "--write-limit", limit],
                                     env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            entries = [json.loads(line) for line in open(log)][before:]
            again = subprocess.run([binary, "plan", os.path.join(folder, "manifests"), "--detailed-exitcode", "--write-limit", limit],
                                   env=env, capture_output=True, text=True)
        finally:
            server.terminate()
    if applied.returncode != 0:
        sys.exit(f"apply failed ({applied.returncode}):\n{applied.stdout[-2000:]}\n{applied.stderr[-2000:]}")
    writes = [e for e in entries if e["method"] != "GET" and e["path"].startswith("/beta/") and e["path"] != "/beta/$batch"
              and e["status"] != 429]
    throttled = [e for e in entries if e["status"] == 429]
    floor = max(0.0, (calls - count) / count * window)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", applied.stderr).group(1))
    print(f"apply of {calls} calls on {n} configurations, write limit {count} per {window:g} s:")
    print(f"wall time: {wall:.1f} s; floor imposed by the write limit: {floor:.1f} s "
          f"(the first {count} writes at once, then {count} every {window:g} s); ratio {wall / floor if floor else 0:.2f}")
    print(f"writes that succeeded: {len(writes)}; 429 answers: {throttled and len(throttled) or 0} "
          f"({sum(1 for e in throttled if e['method'] != 'GET')} on writes); peak memory {rss / 1024:.1f} MiB")
    print(f"plan afterwards: exit {again.returncode} ({again.stdout.strip().splitlines()[-1]})")


def export_bench(args):
    """Exports N configurations from the loopback simulator (throttling off), then plans the files: no changes."""
    n = int(next((a for a in args if a.isdigit()), "10000"))
    binary = build_release()
    with tempfile.TemporaryDirectory() as folder:
        generate(n, folder, random.Random(7), drift_every=n + 1)
        server, env = start_simulator(binary, folder, "0/0")
        try:
            out = os.path.join(folder, "exported")
            started = time.monotonic()
            exported = subprocess.run(["/usr/bin/time", "-v", binary, "export", "--out", out, "--by-name", "--verbose",
                                       "--write-limit", "0/0"], env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            planned = subprocess.run([binary, "plan", out, "--detailed-exitcode", "--write-limit", "0/0"], env=env,
                                     capture_output=True, text=True)
            size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
        finally:
            server.terminate()
    if exported.returncode != 0:
        sys.exit(f"export failed:\n{exported.stderr[-3000:]}")
    requests = [line for line in exported.stderr.splitlines() if line.startswith("graph: ")]
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", exported.stderr).group(1))
    print(exported.stdout.strip())
    print(f"export of {n} configurations (--by-name): wall {wall:.2f} s, {len(requests)} Graph requests "
          f"(33 kinds listed + ceil({n}/20) assignment reads + group lookups), {size / 1e6:.1f} MB of YAML, "
          f"peak memory {rss / 1024:.1f} MiB")
    print(f"plan of the exported files: exit {planned.returncode} ({planned.stdout.strip().splitlines()[-1]})")


def usage_bench(args):
    n = int(next((a for a in args if a.isdigit()), "10000"))
    limit = args[args.index("--write-limit") + 1] if "--write-limit" in args else "100/20"
    binary = build_release()
    with tempfile.TemporaryDirectory() as folder:
        groups, _ = generate(n, folder, random.Random(5))
        log = os.path.join(folder, "requests.jsonl")
        server, env = start_simulator(binary, folder, limit, "--request-log", log)
        manifests = os.path.join(folder, "manifests")
        runs = {}
        try:
            for name, command in [
                ("plan", ["plan", manifests, "--detailed-exitcode"]),
                ("usage", ["usage", groups[0]["id"], "--format", "json"]),
                ("usage --manifests", ["usage", groups[0]["id"], "--manifests", manifests, "--format", "json"]),
            ]:
                # A fresh throttling window for each command, as each would run on its own.
                time.sleep(float(limit.split("/")[1]) if limit != "0/0" else 0)
                before = sum(1 for _ in open(log))
                started = time.monotonic()
                run = subprocess.run([binary, *command, "--write-limit", limit], env=env, capture_output=True,
                                     text=True)
                wall = time.monotonic() - started
                if run.returncode not in (0, 2):
                    sys.exit(f"{name} failed ({run.returncode}):\n{run.stderr[-3000:]}")
                entries = [json.loads(line) for line in open(log)][before:]
                counted = [e for e in entries if e["path"].startswith("/beta/") and e["path"] != "/beta/$batch"]
                runs[name] = (wall, len(counted), sum(1 for e in counted if e["status"] == 429), run.stdout)
        finally:
            server.terminate()
    used = json.loads(runs["usage"][3])["subjects"][0]
    print(f"usage of one group on {n} configurations: used by {len(used['used_by'])} assignments of "
          f"{used['configurations_read']} configurations read, limits {limit}")
    plan_wall = runs["plan"][0]
    for name, (wall, counted, throttled, _) in runs.items():
        print(f"{name}: wall {wall:.2f} s, {counted} counted requests, {throttled} 429 answers; "
              f"ratio to plan {wall / plan_wall:.2f}")


def add_audit_log(folder, events, rng):
    """Adds `events` audit events over the last 90 days to FOLDER/tenant.json; returns how many the last 30 days hold."""
    path = os.path.join(folder, "tenant.json")
    tenant = json.load(open(path))
    drifted = [c for i, c in enumerate(tenant["configurations"]) if i % 50 == 0]
    others = [c for i, c in enumerate(tenant["configurations"]) if i % 50]
    now = time.time()
    log, recent = [], 0
    for number in range(events):
        age = rng.uniform(0, 90 * 86400)
        recent += age < 30 * 86400
        target = rng.choice(drifted if number % 4 == 0 else others)
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - age))
        log.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "activity": "Assign ConfigurationPolicy",
                    "activityDateTime": when, "activityResult": "Success",
                    "actor": {"auditActorType": "ItPro", "userPrincipalName": f"admin{number % 7}@bench.example"},
                    "resources": [{"resourceId": target["id"], "type": "ConfigurationPolicy",
                                   "displayName": target["displayName"], "modifiedProperties": []}]})
    log.sort(key=lambda e: e["activityDateTime"])
    tenant["auditEvents"] = log
    json.dump(tenant, open(path, "w"))
    return recent


def timed_plans(binary, folder, env, log, variants, counted):
    """Runs `plan --format json` with each variant's extra arguments, in a fresh throttling window each (as each would
    run on its own); returns, by name, the wall time, peak memory (MiB), CPU time, the requests of the simulator's log
    that `counted` picks, and the JSON plan."""
    runs = {}
    for name, extra in variants:
        time.sleep(20)
        before = sum(1 for _ in open(log))
        started = time.monotonic()
        run = subprocess.run(["/usr/bin/time", "-v", binary, "plan", os.path.join(folder, "manifests"),
                              "--format", "json", *extra], env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
        if run.returncode not in (0, 2):
            sys.exit(f"{name} failed ({run.returncode}):\n{run.stderr[-3000:]}")
        entries = [json.loads(line) for line in open(log)][before:]
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
        cpu = sum(float(re.search(pattern, run.stderr).group(1))
                  for pattern in [r"User time \(seconds\): ([\d.]+)", r"System time \(seconds\): ([\d.]+)"])
        runs[name] = (wall, rss / 1024, sum(1 for e in entries if counted(e["path"])), cpu, json.loads(run.stdout))
    return runs


def blame_bench(args):
    n = int(next((a for a in args if a.isdigit()), "10000"))
    binary = build_release()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as folder:
        generate(n, folder, rng)
        recent = add_audit_log(folder, 50000, rng)
        log = os.path.join(folder, "requests.jsonl")
        server, env = start_simulator(binary, folder, "100/20", "--request-log", log)
        try:
            runs = timed_plans(binary, folder, env, log,
                               [("plan", []), ("plan --blame", ["--blame"]), ("plan again", [])],
                               lambda path: path == "/beta/deviceManagement/auditEvents")
        finally:
            server.terminate()
    blame = runs["plan --blame"][4]["blame"]
    named = sum(1 for c in blame["configurations"] if c["changed_by"])
    plain = (runs["plan"][0] + runs["plan again"][0]) / 2
    print(f"plan --blame on {n} configurations ({len(blame['configurations'])} drifted), audit log of 50,000 events "
          f"over 90 days ({recent} in the last 30):")
    for name, (wall, rss, audit, _, _) in runs.items():
        print(f"  {name:13} wall {wall:6.2f} s  peak {rss:6.1f} MiB  audit pages {audit}")
    print(f"  ratio --blame / plan: {runs['plan --blame'][0] / plain:.2f} (target <= 1.2); "
          f"{blame['events']} events read in {blame['pages']} requests, complete: {blame['complete']}; "
          f"{named} of {len(blame['configurations'])} drifted configurations have an author")


def add_members(folder, rng, users=5000, per_group=40, devices_per_group=10):
    """Gives FOLDER/tenant.json `users` users and each group `per_group` of them and `devices_per_group` devices."""
    path = os.path.join(folder, "tenant.json")
    tenant = json.load(open(path))
    tenant["users"] = [{"id": guid(rng), "userPrincipalName": f"user{i:05}@bench.example"} for i in range(users)]
    tenant["devices"] = []
    for group in tenant["groups"]:
        devices = [{"id": guid(rng), "displayName": f"D{len(tenant['devices']) + k:06}"} for k in range(devices_per_group)]
        tenant["devices"] += devices
        group["members"] = [u["id"] for u in rng.sample(tenant["users"], per_group)] + [d["id"] for d in devices]
    json.dump(tenant, open(path, "w"))


RULES = "version: 1\nrules:\n" + "".join(
    f"  - name: rule {i:02}\n    select: {{ kinds: [{kind}], names: [\"Bench *\"] }}\n"
    f"    forbid:\n      - allUsers: {{ intent: required }}\n      - allDevices: {{ filter: none }}\n"
    f"      - exclude: g{i:03}\n"
    for i, kind in enumerate(["configurationPolicy", "deviceConfiguration", "deviceCompliancePolicy", "mobileApp"] * 5))


def reach_bench(args):
    """plan, plan --reach and plan --rules (twenty rules) on the 10,000-configuration bench, whose plan adds one
    assignment to each of 500 configurations, each to a group of its own (500 distinct groups of 40 users and 10
    devices)."""
    n = int(next((a for a in args if a.isdigit()), "10000"))
    binary = build_release()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        generate(n, folder, rng, drift_every=20, group_count=500, spread_drift=True)
        add_members(folder, rng)
        rules = os.path.join(folder, "rules.yaml")
        open(rules, "w").write(RULES)
        log = os.path.join(folder, "requests.jsonl")
        server, env = start_simulator(binary, folder, "100/20", "--request-log", log)
        try:
            runs = timed_plans(binary, folder, env, log,
                               [("plan", []), ("plan --reach", ["--reach"]), ("plan --rules", ["--rules", rules]),
                                ("plan again", [])],
                               lambda path: "/transitiveMembers/" in path or path == "/beta/users")
        finally:
            server.terminate()
    plan = runs["plan --reach"][4]
    groups = len(plan["reach"]["counts"]["groups"])
    plain = (runs["plan"][0] + runs["plan again"][0]) / 2
    plain_cpu = (runs["plan"][3] + runs["plan again"][3]) / 2
    print(f"reach and rules on {n} configurations, a plan of {plan['summary']['text']} touching {groups} distinct groups:")
    for name, (wall, rss, counts, cpu, _) in runs.items():
        print(f"  {name:13} wall {wall:6.2f} s  cpu {cpu:5.2f} s  peak {rss:6.1f} MiB  directory counts {counts}")
    counted = runs["plan --reach"][2]
    print(f"  ratio --reach / plan: {runs['plan --reach'][0] / plain:.2f} (target <= 1.3); {counted} directory "
          f"counts in {math.ceil(counted / 20)} batches of 20 (target: {math.ceil(groups / 20)} rounds for {groups} "
          f"groups, one count each; users and devices are two counts a group)")
    print(f"  reach: {plan['reach']['newly']} newly")
    print(f"  20 rules: cpu added {runs['plan --rules'][3] - plain_cpu:+.2f} s (target < 0.2 s); "
          f"{len(runs['plan --rules'][4]['rules']['violations'])} violations")


def main():
    args = sys.argv[1:]
    if "--reach" in args:
        return reach_bench(args)
    if "--blame" in args:
        return blame_bench(args)
    if "--usage" in args:
        return usage_bench(args)
    if "--apply" in args:
        return apply_bench(args)
    if "--export" in args:
        return export_bench(args)
    n = int(args[0]) if args and args[0].isdigit() else 10000
    write_limit = args[args.index("--write-limit") + 1] if "--write-limit" in args else "100/20"
    latency = args[args.index("--latency-ms") + 1] if "--latency-ms" in args else "0"
    output = args[args.index("--format") + 1] if "--format" in args else "json"
    binary = build_release()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        groups, _ = generate(n, folder, rng)
        log = os.path.join(folder, "requests.jsonl")
        server, env = start_simulator(binary, folder, write_limit, "--latency-ms", latency, "--request-log", log)
        try:
            started = time.monotonic()
            run = subprocess.run(["/usr/bin/time", "-v", binary, "plan", os.path.join(folder, "manifests"), "--verbose",
                                  "--format", output, "--detailed-exitcode", "--write-limit", write_limit],
                                 env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            entries = [json.loads(line) for line in open(log)]
        finally:
            server.terminate()
    if run.returncode not in (0, 2):
        sys.exit(f"plan failed ({run.returncode}):\n{run.stderr[-3000:]}")
    summary = run.stdout.strip().splitlines()[-1] if output == "text" else json.loads(run.stdout)["summary"]["text"]
    envelopes = [line for line in run.stderr.splitlines() if line.startswith("graph: ")]
    # Intune counts every request inside a $batch; the envelope and the sign-in are not Graph requests it counts.
    counted = [e for e in entries if e["path"].startswith("/beta/") and e["path"] != "/beta/$batch"]
    throttled = sum(1 for e in counted if e["status"] == 429)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    per_kind = {}
    for i in range(n):
        per_kind[kind_of(i, n)[0]] = per_kind.get(kind_of(i, n)[0], 0) + 1
    pages = sum(math.ceil(count / PAGE_SIZE) for count in per_kind.values())
    per_item = sum(count for kind, count in per_kind.items() if kind in dict(PER_ITEM_KINDS))
    lookups = len(groups) // 2 + 1 + math.ceil(len(groups) / 1000)  # names, the filter list, getByIds
    smallest = pages + per_item + lookups
    count, window = (int(write_limit.split("/")[0]) * 10, float(write_limit.split("/")[1]))
    floor = max(0, math.ceil(len(counted) / count) - 1) * window if count else 0.0
    print(f"configurations: {n} over {len(per_kind)} kinds ({', '.join(f'{k} {v}' for k, v in per_kind.items())})")
    print(f"format {output}: {summary}")
    print(f"limits: {count} requests and {count // 10} writes per {window:g} s (every request inside a $batch counted)")
    print(f"counted requests: {len(counted)}; smallest for the read paths: {smallest} = {pages} list pages + "
          f"{per_item} per-item reads + {lookups} lookups; ratio {len(counted) / smallest:.2f}; "
          f"{len(envelopes)} HTTP requests; 429 answers: {throttled}")
    print(f"wall time (plan command): {wall:.2f} s; throttling floor for {len(counted)} requests: {floor:.0f} s")
    print(f"peak memory of the plan command: {rss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
