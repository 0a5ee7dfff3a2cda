#!/usr/bin/env python3
"""Added latency at one client, measured query by query in turn across targets.

pgbench at one client measures each target for seconds at a time, and on a shared machine the
latency of the same target moves by a third from one such run to the next, more than the
difference between the proxies. Here one client holds a connection to every target and sends
pgbench's -S query to each in turn, a fresh random aid every time, starting each turn with the
next target; so every target meets the same moment of the machine, a query apart.

Simple protocol through psycopg2 (PQexec, as pgbench -M simple); prepared through psycopg 3
(PQprepare once, then PQexecPrepared, as pgbench -M prepared). The client's own time is the same
for every target and drops out of the added latency, (target - direct) / (pgbouncer - direct).

Usage: interleaved-latency.py QUERIES NAME=DSN ...   (NAME "direct" and "pgbouncer" are needed for
the ratio; every other name is compared with them). Prints p50 per target and the ratio, and the
ratio within each tenth of the run, to show how far the parts agree, with the verdict the tenths
give on the target (see paired_ratios.py).
"""
import random
import statistics
import sys
import time

import psycopg
import psycopg2

import paired_ratios

QUERY = "SELECT abalance FROM pgbench_accounts WHERE aid = %s"
ACCOUNTS = 1_000_000  # pgbench -i -s 10
PARTS = 10


def simple_runner(dsn):
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    cursor = connection.cursor()

    def run(aid):
        cursor.execute(QUERY, (aid,))
        cursor.fetchall()
    return run


def prepared_runner(dsn):
    connection = psycopg.connect(dsn, autocommit=True, prepare_threshold=0)

    def run(aid):
        connection.execute(QUERY, (aid,)).fetchall()
    return run


def measure(make_runner, targets, queries):
    runners = [(name, make_runner(dsn)) for name, dsn in targets]
    for _ in range(1000):  # prepares the statement, fills the caches
        for _, run in runners:
            run(random.randint(1, ACCOUNTS))
    samples = {name: [] for name, _ in targets}
    for i in range(queries):
        shift = i % len(runners)
        for name, run in runners[shift:] + runners[:shift]:
            aid = random.randint(1, ACCOUNTS)
            start = time.perf_counter_ns()
            run(aid)
            samples[name].append(time.perf_counter_ns() - start)
    return samples


def added_ratio(samples, name, part=slice(None)):
    p50 = {target: statistics.median(values[part]) for target, values in samples.items()}
    return (p50[name] - p50["direct"]) / max(p50["pgbouncer"] - p50["direct"], 1)


def report(mode, samples):
    print(f"{mode}: p50 latency in ms, {len(samples['direct'])} queries per target, in turn")
    print("   " + "  ".join(f"{name} {statistics.median(values) / 1e6:.4f}" for name, values in samples.items()))
    size = len(samples["direct"]) // PARTS
    for name in samples:
        if name in ("direct", "pgbouncer"):
            continue
        parts = [added_ratio(samples, name, slice(k * size, (k + 1) * size)) for k in range(PARTS)]
        print(f"   {name}: added latency {added_ratio(samples, name):.2f}x pgbouncer's; "
              f"in each tenth of the run: median {statistics.median(parts):.2f} ({min(parts):.2f}-{max(parts):.2f})")
        verdict = (paired_ratios.verdict(parts, paired_ratios.ADDED_LATENCY_TARGET, at_least=False) if min(parts) > 0
                   else "no verdict: in some tenth its p50 was not above direct's")
        print(f"   {name}, paired by tenth: {verdict}")


def main():
    queries = int(sys.argv[1])
    targets = [argument.split("=", 1) for argument in sys.argv[2:]]
    report("simple", measure(simple_runner, targets, queries))
    report("prepared", measure(prepared_runner, targets, queries))


if __name__ == "__main__":
    main()
