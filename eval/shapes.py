#!/usr/bin/env python3
"""Accuracy per question shape, from `nl2sql eval --out` reports: the table in docs/accuracy.md.

    shapes.py REPORT.json ...

A question's shapes are read from its gold SQL (a question may have several): count, aggregate (sum/avg/min/max),
grouped (GROUP BY), ranking (ORDER BY ... LIMIT), distinct, join (a filter or group on another table), self-reference
(a table joined to itself), absence (NOT EXISTS), date range, comparison (<, >), value filter (= 'text'), flag
(a boolean column as a condition); unanswerable when there is no gold SQL.
"""
import json
import re
import sys


def shapes(gold):
    if gold is None:
        return ["unanswerable"]
    g = gold.lower()
    found = []
    if "count(" in g and "group by" not in g and "order by" not in g:
        found.append("count")
    if re.search(r"\b(sum|avg|min|max)\(", g) and "group by" not in g:
        found.append("aggregate")
    if "group by" in g and not re.search(r"limit \d+$", g):
        found.append("grouped")
    if re.search(r"order by .* limit \d+$", g):
        found.append("ranking")
    if "distinct" in g:
        found.append("distinct")
    tables = re.findall(r"\b(?:from|join)\s+(\w+)(?:\s+(\w+))?", g)
    names = [t[0] for t in tables]
    if len(set(names)) < len(names):
        found.append("self-reference")
    elif len(names) > 1 and "not exists" not in g:
        found.append("join")
    if "not exists" in g:
        found.append("absence")
    if re.search(r"'\d{4}-\d\d-\d\d'", g):
        found.append("date range")
    if re.search(r"[<>]=? ?\d", g) and not re.search(r"[<>]=? ?'\d{4}", g):
        found.append("comparison")
    if re.search(r"= '(?!\d{4}-)", g):
        found.append("value filter")
    if re.search(r"where (not )?\w+(\.\w+)?( and|$)|and (not )?\w+(\.\w+)?( and|$)|is null|is not null|discontinued = 1", g):
        found.append("flag or null")
    if not found:
        found.append("list")
    return found


def main():
    rows = {}
    for path in sys.argv[1:]:
        for item in json.load(open(path, encoding="utf-8"))["items"]:
            for shape in shapes(item["gold_sql"]):
                r = rows.setdefault(shape, {"questions": 0, "right": 0, "wrong": 0, "refused": 0})
                r["questions"] += 1
                verdict = item["verdict"]
                r["right" if verdict in ("right", "refused_rightly") else "wrong" if verdict == "wrong" else "refused"] += 1
    print("| shape | questions | right | wrong | refused |")
    print("|---|---:|---:|---:|---:|")
    for shape, r in sorted(rows.items(), key=lambda kv: -kv[1]["questions"]):
        print(f"| {shape} | {r['questions']} | {r['right']} | {r['wrong']} | {r['refused']} |")


if __name__ == "__main__":
    main()
