#!/usr/bin/python3
"""Re-reads an experiment's per-seed accuracies with the statistics `runner experiment` reports
since the eighteenth round: the paired difference with its 95 % interval, the t-test p, Holm's
adjustment over the comparisons with the baseline, the exact sign-flip p and the verdict.

Input: a results.csv a run wrote (arm, kind, ..., accuracy_seed_<s>... columns), or "-" to read
rows "arm acc1 acc2 ..." (percentages) from stdin, the first naming the baseline.
Usage: bench/reanalyse-experiment.py FILE [BASELINE]
"""
import csv
import itertools
import math
import sys


def t_cdf(t, df):
    """Student's t CDF by Simpson integration of the density (enough for a report's 3 decimals)."""
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    f = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
    a, b, n = 0.0, abs(t), 20000
    h = (b - a) / n
    s = f(a) + f(b) + sum((4 if i % 2 else 2) * f(a + i * h) for i in range(1, n))
    half = s * h / 3
    return 0.5 + half if t >= 0 else 0.5 - half


def t_quantile(q, df):
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def paired(a, b):
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    mean = sum(d) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    if sd < 1e-12:
        t = p = lo = hi = float("nan")
    else:
        t = mean / (sd / math.sqrt(n))
        p = min(1.0, 2 * t_cdf(-abs(t), n - 1))
        half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
        lo, hi = mean - half, mean + half
    hits = sum(1 for signs in itertools.product((1, -1), repeat=n)
               if abs(sum(s * x for s, x in zip(signs, d)) / n) >= abs(mean) - 1e-12)
    return mean, lo, hi, t, p, hits / 2 ** n


def main():
    rows = {}
    order = []
    if sys.argv[1] == "-":
        for line in sys.stdin:
            parts = line.split()
            if parts:
                rows[parts[0]] = [float(x) / 100 for x in parts[1:]]
                order.append(parts[0])
        baseline = sys.argv[2] if len(sys.argv) > 2 else order[0]
    else:
        with open(sys.argv[1]) as f:
            for r in csv.DictReader(f):
                name = r["arm"] if r["kind"] == "arm" else "x" + r["ratio"]
                rows[name] = [float(r[k]) for k in r if k.startswith("accuracy_seed_")]
                order.append(name)
        baseline = sys.argv[2]
    others = [a for a in order if a != baseline]
    stats = {a: paired(rows[a], rows[baseline]) for a in others}
    # A row with the very accuracies of an earlier one (ratio 0 and real: one classifier reused)
    # is that comparison again; Holm's family counts it once, as the runner does.
    same = {}
    distinct = []
    for a in others:
        same[a] = next((d for d in distinct if rows[d] == rows[a]), a)
        if same[a] == a:
            distinct.append(a)
    # Holm over the defined t-test p values (an undefined one counts as 1)
    ps = sorted(distinct, key=lambda a: stats[a][4] if not math.isnan(stats[a][4]) else 1.0)
    m, running, holm = len(ps), 0.0, {}
    for i, a in enumerate(ps):
        p = stats[a][4] if not math.isnan(stats[a][4]) else 1.0
        running = max(running, min(1.0, (m - i) * p))
        holm[a] = running
    print("| arm | vs %s (pp) | 95 %% CI (pp) | t | p | p Holm | p sign-flip | verdict |" % baseline)
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for a in others:
        holm[a] = holm[same[a]]
        mean, lo, hi, t, p, sf = stats[a]
        if holm[a] < 0.05 and lo > 0:
            verdict = "better"
        elif holm[a] < 0.05 and hi < 0:
            verdict = "worse"
        else:
            verdict = "no clear difference"
        print("| %s | %+.2f | [%+.2f, %+.2f] | %.2f | %.3f | %.3f | %.3f | %s |"
              % (a, 100 * mean, 100 * lo, 100 * hi, t, p, holm[a], sf, verdict))


if __name__ == "__main__":
    main()
