#!/usr/bin/env python3
"""Renders JMH JSON results (-rf json) as a markdown table: score with its error, and the
allocation per operation when the run used -prof gc.

    python3 mtls-benchmarks/load/jmh-table.py target/jmh-pipeline.json [more.json ...]
"""
import json
import sys


def main():
    rows = []
    for path in sys.argv[1:]:
        for result in json.load(open(path)):
            primary = result['primaryMetric']
            secondary = result.get('secondaryMetrics', {})
            alloc = secondary.get('gc.alloc.rate.norm', {}).get('score')
            params = ', '.join(f'{k}={v}' for k, v in (result.get('params') or {}).items())
            name = result['benchmark'].rsplit('.', 2)
            rows.append((f'{name[-2]}.{name[-1]}', params, primary['score'], primary.get('scoreError'),
                         primary['scoreUnit'], alloc))
    print('| benchmark | parameters | time per op | ± (99.9 %) | allocated per op |')
    print('|---|---|---|---|---|')
    for bench, params, score, error, unit, alloc in rows:
        err = '-' if error is None or error != error else f'{error:,.1f}'
        allocated = '-' if alloc is None else f'{alloc:,.0f} B'
        print(f'| {bench} | {params} | {score:,.1f} {unit} | {err} | {allocated} |')


if __name__ == '__main__':
    main()
