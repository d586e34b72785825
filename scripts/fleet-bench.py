#!/usr/bin/env python3
"""Plan a fleet of T tenants x C configurations in one process, and the same tenants one after another, with
Intune's per-tenant limits on and simulated latency per request; print the figures issue 28 asks for.

    python3 scripts/fleet-bench.py [TENANTS] [CONFIGURATIONS] [--latency-ms 100] [--concurrency 16]

Generates, in a scratch folder, T simulated tenants (`--simulate-fleet`), each with C settings-catalog policies of one
drifted assignment each, a baseline naming them by display name, and a fleet file. Then runs, with the release
build and /usr/bin/time -v:
- `plan --fleet` with `--tenant-concurrency` tenants at once;
- `plan --fleet --tenant-concurrency 1`, the tenants one after another in one process (the sequential baseline
  without process start-up, so the ratio is a lower bound of what separate runs would give);
- `plan --fleet --tenants <first>` with only that tenant's file, the single tenant's plan;
- on a fleet of the same size with 5 drifted configurations per tenant, `apply --fleet` of its saved plans, and the
  first tenant's apply alone (with only its file).
It prints each wall time and peak memory, the ratios issue 28 sets (fleet against sequential, at least 10x; fleet
against one tenant, at most 3x), and the requests per tenant from the JSON index.

INTUNE_ASSIGN_BIN=path uses that build instead of building the release one.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid


def ident(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "intune-assign-fleet-bench/" + "/".join(map(str, parts))))


def tenant_file(index, configurations, drifted=lambda number: number % 10 == 0):
    staff = ident(index, "group", "staff")
    policies = []
    for number in range(configurations):
        policy = ident(index, "policy", number)
        policies.append({
            "kind": "configurationPolicy", "id": policy, "displayName": f"Policy {number:04d}",
            "assignments": [] if drifted(number) else [{
                "id": f"{policy}_group_{staff}",
                "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": staff,
                           "deviceAndAppManagementAssignmentFilterId": None,
                           "deviceAndAppManagementAssignmentFilterType": "none"},
                "source": "direct", "sourceId": None}]})
    return {"tenantId": ident(index, "tenant"), "groups": [{"id": staff, "displayName": "All Staff"}],
            "configurations": policies}


def write_fleet(folder, tenants, configurations, **drift):
    os.makedirs(f"{folder}/tenants")
    os.makedirs(f"{folder}/baseline")
    lines = ["version: 1", "baseline: [baseline]", "tenants:"]
    for index in range(tenants):
        with open(f"{folder}/tenants/t{index:03d}.json", "w") as out:
            json.dump(tenant_file(index, configurations, **drift), out)
        lines += [f"  - name: t{index:03d}", f"    tenant: {ident(index, 'tenant')}"]
    with open(f"{folder}/fleet.yaml", "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(f"{folder}/baseline/policies.yaml", "w") as out:
        out.write("version: 1\ngroups:\n  staff: { name: All Staff }\nconfigurations:\n")
        for number in range(configurations):
            out.write(f"  - kind: configurationPolicy\n    name: Policy {number:04d}\n    assignments:\n"
                      "      - group: staff\n")


def timed(binary, arguments):
    start = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-v", binary] + arguments, capture_output=True, text=True)
    seconds = time.monotonic() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    if run.returncode not in (0, 2):
        sys.exit(f"{' '.join(arguments)} exited {run.returncode}:\n{run.stderr[-2000:]}")
    return seconds, int(peak.group(1)) / 1024 if peak else float("nan"), run.stdout


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    tenants = int(arguments[0]) if arguments else 200
    configurations = int(arguments[1]) if len(arguments) > 1 else 300
    latency = options.get("--latency-ms", "100")
    concurrency = options.get("--concurrency", "100")
    binary = os.environ.get("INTUNE_ASSIGN_BIN")
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "intune-assign"], check=True,
                       stdout=subprocess.DEVNULL)
        binary = ".build/release/intune-assign"
    with tempfile.TemporaryDirectory() as folder:
        write_fleet(folder, tenants, configurations)
        common = ["plan", "--fleet", f"{folder}/fleet.yaml", "--simulate-fleet", f"{folder}/tenants",
                  "--simulate-latency-ms", latency, "--format", "json"]
        fleet = timed(binary, common + ["--tenant-concurrency", concurrency])
        index = json.loads(fleet[2])
        requests = sorted(t["requests"] for t in index["tenants"])
        # The one tenant's run has only its own tenant file to load, as a single-tenant run would.
        os.makedirs(f"{folder}/one")
        subprocess.run(["cp", f"{folder}/tenants/t000.json", f"{folder}/one/"], check=True)
        one = timed(binary, [a if a != f"{folder}/tenants" else f"{folder}/one" for a in common] + ["--tenants", "t000"])
        sequential = timed(binary, common + ["--tenant-concurrency", "1"])
    # Apply: the same fleet with 5 drifted configurations per tenant, planned, then applied as a fleet and for the
    # first tenant alone (each on its own copy of the tenant files).
    with tempfile.TemporaryDirectory() as folder:
        write_fleet(folder, tenants, configurations, drifted=lambda number: number < 5)
        fleet_file = f"{folder}/fleet.yaml"
        latency_option = ["--simulate-latency-ms", latency]
        subprocess.run([binary, "plan", "--fleet", fleet_file, "--simulate-fleet", f"{folder}/tenants", "--out",
                        f"{folder}/plans", "--tenant-concurrency", concurrency] + latency_option,
                       check=False, capture_output=True)
        subprocess.run(["cp", "-r", f"{folder}/tenants", f"{folder}/tenants-all"], check=True)
        os.makedirs(f"{folder}/tenants-one")
        subprocess.run(["cp", f"{folder}/tenants/t000.json", f"{folder}/tenants-one/"], check=True)
        apply = ["apply", "--fleet", fleet_file, f"{folder}/plans", "--format", "json"] + latency_option
        applied = timed(binary, apply + ["--simulate-fleet", f"{folder}/tenants-all", "--tenant-concurrency",
                                         concurrency])
        applied_one = timed(binary, apply + ["--simulate-fleet", f"{folder}/tenants-one", "--tenants", "t000"])
        applied_index = json.loads(applied[2])
    print(f"fleet: {tenants} tenants x {configurations} configurations, {latency} ms per request, "
          f"Intune's per-tenant limits on")
    print(f"  fleet plan, {concurrency} at once:   {fleet[0]:8.1f} s  peak {fleet[1]:6.0f} MiB")
    print(f"  one after another (1 process): {sequential[0]:8.1f} s  peak {sequential[1]:6.0f} MiB")
    print(f"  one tenant:                    {one[0]:8.1f} s  peak {one[1]:6.0f} MiB")
    print(f"  sequential / fleet: {sequential[0] / fleet[0]:.1f}x (target >= 10x)")
    print(f"  fleet / one tenant: {fleet[0] / one[0]:.1f}x (target <= 3x)")
    print(f"  requests per tenant: min {requests[0]}, max {requests[-1]}; verdicts: "
          + ", ".join(sorted({t['verdict'] for t in index['tenants']})))
    print(f"apply: {tenants} tenants x 5 changes ({configurations} configurations each)")
    print(f"  fleet apply, {concurrency} at once: {applied[0]:8.1f} s  peak {applied[1]:6.0f} MiB")
    print(f"  one tenant's apply:            {applied_one[0]:8.1f} s  peak {applied_one[1]:6.0f} MiB")
    print(f"  fleet / one tenant: {applied[0] / applied_one[0]:.1f}x (target <= 2x); verdicts: "
          + ", ".join(sorted({t['verdict'] for t in applied_index['tenants']})))


if __name__ == "__main__":
    main()
