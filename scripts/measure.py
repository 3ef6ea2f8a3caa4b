#!/usr/bin/env python3
"""Measure a blind question set the way tests/eval.rs judges the eval, turn by turn.

A set is a directory with `chat.jsonl` (one {"q", "kind", "expect"} per line, kinds in, oos,
near, smalltalk) and/or `dialogues.jsonl` (one {"turns": [...]} per line). Prints one line of
tallies per set; `--dump FILE` writes every reply judged, one JSON line each, so that two
builds can be compared turn by turn (a set is measured once, before anyone reads it).

    cargo build --no-default-features
    python3 scripts/measure.py /path/to/set [more sets] [--bin target/debug/storybot]

Only the standard library: the judge is the same as the eval test's (an `in` question must be
answered and cite one of its expected phrases; off-topic and small talk must not be
answered; `near` may be declined or cite). First turns, follow-ups and small-talk turns of the
dialogues are counted apart, as the test counts them.
"""

import argparse
import json
import os
import subprocess
import sys


def fold(text):
    text = text.lower()
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    text = "".join("-" if "\u2010" <= c <= "\u2015" else c for c in text)
    return " ".join(text.split())


def ask(binary, knowledge, lines, conversation=False):
    args = [binary]
    if knowledge:
        args += ["--knowledge", knowledge]
    args += ["ask", "--json"] + (["--conversation"] if conversation else []) + ["-"]
    out = subprocess.run(args, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def judge(case, reply):
    answered = reply["status"] == "answered"
    cited = fold(json.dumps(reply.get("citations"), ensure_ascii=False).replace('\\"', '"'))
    cites = any(fold(p) in cited for p in case.get("expect", []))
    if case["kind"] == "in":
        return answered and cites
    if case["kind"] in ("oos", "smalltalk"):
        return not answered
    return not answered or cites


def measure(binary, knowledge, directory, dump):
    tally, replies = {}, []

    def count(key, ok):
        right, seen = tally.get(key, (0, 0))
        tally[key] = (right + ok, seen + 1)

    chat = os.path.join(directory, "chat.jsonl")
    if os.path.exists(chat):
        cases = [json.loads(line) for line in open(chat, encoding="utf-8") if line.strip()]
        for case, reply in zip(cases, ask(binary, knowledge, [c["q"] for c in cases])):
            ok = judge(case, reply)
            count(case["kind"], ok)
            replies.append({"q": case["q"], "kind": case["kind"], "ok": ok, "id": reply.get("id")})
    dialogues = os.path.join(directory, "dialogues.jsonl")
    if os.path.exists(dialogues):
        conversations = [json.loads(l) for l in open(dialogues, encoding="utf-8") if l.strip()]
        lines = []
        for conversation in conversations:
            lines += [turn["q"] for turn in conversation["turns"]] + [""]
        answers = iter(ask(binary, knowledge, lines, conversation=True))
        for conversation in conversations:
            for at, turn in enumerate(conversation["turns"]):
                reply = next(answers)
                ok = judge(turn, reply)
                key = "first" if at == 0 else "smalltalk turns" if turn["kind"] == "smalltalk" else "follow-ups"
                count(key, ok)
                replies.append({"q": turn["q"], "turn": at, "kind": turn["kind"], "ok": ok, "id": reply.get("id")})
    print(directory + ": " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in tally.items()))
    if dump:
        with open(dump, "a", encoding="utf-8") as out:
            for reply in replies:
                out.write(json.dumps(reply, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", help="directories with chat.jsonl and/or dialogues.jsonl")
    parser.add_argument("--bin", default="target/debug/storybot", help="the storybot binary")
    parser.add_argument("--knowledge", help="knowledge pack directory (default: the binary's)")
    parser.add_argument("--dump", help="append every judged reply to this file (JSON lines)")
    args = parser.parse_args()
    for directory in args.sets:
        measure(args.bin, args.knowledge, directory, args.dump)


if __name__ == "__main__":
    main()
