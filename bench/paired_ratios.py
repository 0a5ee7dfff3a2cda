"""Whether paired Airlock / pgbouncer ratios show a DESIGN section 6 target met.

On a shared machine one round's ratio moves by a fifth either way, more than a target's margin.
The geometric mean of ratios paired in time (the same round, or the same part of a query-by-query
run), with its 95% interval (Student's t on the logarithms), says whether a run shows a target met,
missed, or neither at its length: then only more rounds tell. Used by pgbench.sh's summary and by
interleaved-latency.py.
"""
import math
import statistics

# Student's t, 97.5th percentile, by degrees of freedom. A count between two listed is given the
# smaller one's value: a slightly wider interval, never a narrower one.
T_975 = {2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         12: 2.179, 15: 2.131, 20: 2.086, 30: 2.042, 60: 2.000}
MIN_PAIRS = 3

# DESIGN section 6: Airlock's TPS over pgbouncer's at 10 and 50 clients, at least; Airlock's added
# p50 latency at one client over pgbouncer's, at most.
TPS_TARGETS = {'simple': 0.9, 'prepared': 1.0}
ADDED_LATENCY_TARGET = 1.25


def interval(ratios):
    """(geometric mean, low, high) of the 95% interval; needs MIN_PAIRS positive ratios."""
    logs = [math.log(r) for r in ratios]
    t = T_975[max(df for df in T_975 if df <= len(logs) - 1)]
    mean, spread = statistics.fmean(logs), t * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean), math.exp(mean - spread), math.exp(mean + spread)


def verdict(ratios, target, at_least):
    """'mean [low-high]  target >= or <= T: met / missed / not shown either way (N pairs)'."""
    mean, low, high = interval(ratios)
    if at_least:
        outcome = 'met' if low >= target else 'missed' if high < target else 'not shown either way'
    else:
        outcome = 'met' if high <= target else 'missed' if low > target else 'not shown either way'
    sign = '>=' if at_least else '<='
    return f"{mean:.2f} [{low:.2f}-{high:.2f}]  target {sign} {target}: {outcome} ({len(ratios)} pairs)"
