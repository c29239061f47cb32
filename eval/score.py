#!/usr/bin/env python3
"""An independent scorer for `nl2sql eval` reports: Python 3 and psql only, none of nl2sql's code.

    score.py QUESTIONS.jsonl REPORT.json --db NAME=CONNINFO ...   score the SQL a report says was generated
    score.py QUESTIONS.jsonl --check-gold --db NAME=CONNINFO ...  run every gold query and show its row count

Each gold and generated query runs through psql in a READ ONLY transaction, and the results are compared as
docs/accuracy.md says: the same multiset of rows, in the same order when the gold has ORDER BY (rows that tie on the
gold's sort keys may come in any order), columns matched in any order, numbers compared at two decimals, true/false
as t/f. It prints one JSON document with its counts; EvalCommandIT compares them with the report's.
"""
import argparse
import decimal
import json
import re
import subprocess
import sys

FIELD, RECORD, NULL = "\x1f", "\x1e", "\x02NULL\x03"


def run(conninfo, sql):
    """(column names, rows of text cells with None for NULL), or an error message."""
    script = ("BEGIN READ ONLY;\nSET LOCAL statement_timeout = '30s';\n" + sql.strip().rstrip(";") + ";\nROLLBACK;\n")
    proc = subprocess.run(["psql", "-X", "-q", "-A", "-F", FIELD, "-R", RECORD, "-P", "footer=off", "-P", "null=" + NULL,
                           "-v", "ON_ERROR_STOP=1", conninfo], input=script.encode(), capture_output=True)
    if proc.returncode != 0:
        return proc.stderr.decode(errors="replace").strip()
    # psql ends the output with a newline after the last record, and puts none between records
    lines = [line for line in proc.stdout.decode().rstrip("\n").split(RECORD) if line != ""]
    if not lines:
        return [], []
    header = lines[0].split(FIELD)
    rows = [[None if cell == NULL else cell for cell in line.split(FIELD)] for line in lines[1:]]
    return header, [row for row in rows if len(row) == len(header)]


def cell(value):
    if value is None:
        return None
    try:
        if re.fullmatch(r"-?\d+(\.\d+)?(e[-+]?\d+)?", value, re.IGNORECASE):
            d = decimal.Decimal(value).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
            return "n:" + format(d.normalize(), "f")
    except decimal.InvalidOperation:
        pass
    return "s:" + value


def normal(rows):
    return [tuple(cell(v) for v in row) for row in rows]


def sort_keys(gold_sql, header):
    """Positions of the result columns the gold orders by, or None when an ORDER BY key is not a result column."""
    match = re.search(r"\border\s+by\s+(.+?)(\blimit\b|\boffset\b|$)", gold_sql, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    keys = []
    for item in match.group(1).split(","):
        expr = re.sub(r"\s+(asc|desc)\b.*$", "", item.strip(), flags=re.IGNORECASE).strip()
        expr = re.sub(r"\s+nulls\s+(first|last)$", "", expr, flags=re.IGNORECASE)
        if expr.isdigit():
            keys.append(int(expr) - 1)
            continue
        name = expr.split(".")[-1].strip('"').lower()
        if name in [h.lower() for h in header]:
            keys.append([h.lower() for h in header].index(name))
        else:
            select = re.search(r"^\s*select\s+(distinct\s+)?(.+?)\s+from\s", gold_sql, re.IGNORECASE | re.DOTALL)
            items = split_top(select.group(2)) if select else []
            bare = [re.sub(r"\s+as\s+\w+$", "", i.strip(), flags=re.IGNORECASE).lower() for i in items]
            if expr.lower() in bare and len(bare) == len(header):
                keys.append(bare.index(expr.lower()))
            else:
                return None
    return keys


def split_top(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def column_orders(gold, generated, width):
    """Every way to line the generated columns up with the gold ones so that each column holds the same values."""
    gold_cols = [sorted(map(repr, (r[i] for r in gold))) for i in range(width)]
    gen_cols = [sorted(map(repr, (r[i] for r in generated))) for i in range(width)]

    def extend(prefix, used):
        if len(prefix) == width:
            yield prefix
            return
        i = len(prefix)
        for j in range(width):
            if j not in used and gen_cols[j] == gold_cols[i]:
                yield from extend(prefix + [j], used | {j})

    return extend([], frozenset())


def same(gold_sql, gold, generated):
    gold_header, gold_rows = gold
    _, gen_rows = generated
    gold_rows, gen_rows = normal(gold_rows), normal(gen_rows)
    width = len(gold_header)
    if (gen_rows and len(gen_rows[0]) != width) or len(gold_rows) != len(gen_rows):
        return False
    if not gold_rows:
        return True
    keys = sort_keys(gold_sql, gold_header) if re.search(r"\border\s+by\b", gold_sql, re.IGNORECASE) else []
    for order in column_orders(gold_rows, gen_rows, width):
        lined = [tuple(row[j] for j in order) for row in gen_rows]
        if sorted(map(repr, lined)) != sorted(map(repr, gold_rows)):
            continue
        if keys == []:
            return True
        if keys is None:
            if lined == gold_rows:
                return True
            continue
        if [tuple(r[k] for k in keys) for r in lined] == [tuple(r[k] for k in keys) for r in gold_rows]:
            return True
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("questions")
    parser.add_argument("report", nargs="?")
    parser.add_argument("--db", action="append", default=[], help="NAME=CONNINFO, e.g. shop='host=127.0.0.1 dbname=shop'")
    parser.add_argument("--check-gold", action="store_true")
    args = parser.parse_args()
    databases = dict(d.split("=", 1) for d in args.db)
    questions = [json.loads(line) for line in open(args.questions, encoding="utf-8") if line.strip()]
    if args.check_gold:
        bad = 0
        for q in questions:
            if q["gold_sql"] is None:
                continue
            result = run(databases[q["db"]], q["gold_sql"])
            rows = result[1] if isinstance(result, tuple) else None
            if rows is None or not rows:
                bad += 1
            print(q["id"], "ERROR " + result if isinstance(result, str) else len(rows), sep="\t")
        sys.exit(1 if bad else 0)
    report = json.load(open(args.report, encoding="utf-8"))
    generated = {item["id"]: item.get("generated_sql") for item in report["items"]}
    counts = {"questions": 0, "answered": 0, "right": 0, "wrong": 0, "refused": 0, "refused_right": 0, "errors": 0}
    verdicts = {}
    for q in questions:
        counts["questions"] += 1
        sql = generated.get(q["id"])
        if sql is None:
            counts["refused"] += 1
            counts["refused_right"] += q["gold_sql"] is None
            verdicts[q["id"]] = "refused"
            continue
        counts["answered"] += 1
        if q["gold_sql"] is None:
            counts["wrong"] += 1
            verdicts[q["id"]] = "wrong"
            continue
        gold = run(databases[q["db"]], q["gold_sql"])
        mine = run(databases[q["db"]], sql)
        if isinstance(gold, str):
            counts["errors"] += 1
            verdicts[q["id"]] = "error"
        elif not isinstance(mine, str) and same(q["gold_sql"], gold, mine):
            counts["right"] += 1
            verdicts[q["id"]] = "right"
        else:
            counts["wrong"] += 1
            verdicts[q["id"]] = "wrong"
    print(json.dumps({"counts": counts, "verdicts": verdicts}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
