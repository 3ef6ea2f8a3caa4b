#!/usr/bin/env python3
"""Train the remark model: which messages that ask nothing by their form are remarks.

Reads the eval sets under tests/eval (small talk lines and turns are remarks, in-scope lines and
turns are questions; messages with a question mark are left out, since the router asks the model
only of messages without one) and writes src/smalltalk/remark-weights.tsv, the log-odds of each
feature, which the bot reads at compile time (src/smalltalk/remarks.rs).

A naive Bayes model over words, word pairs, the first and last word, the length and a few marks.
The features must be read exactly as `remarks::features` reads them in Rust.

Usage: python3 scripts/train-remarks.py [--check | --cv]
  --check   exit 1 if the shipped weights differ from what the sets give (nothing written)
  --cv      held-out figures: each of 5 folds of the set files scored by a model trained on
            the others; how many questions and remarks (without a mark, of 3 words or more)
            score above the router's threshold (nothing written)
"""

import collections
import glob
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "smalltalk", "remark-weights.tsv")
# Laplace smoothing, and the least number of messages a feature must occur in to be kept.
ALPHA = 1.0
MIN_COUNT = 3
LONGEST = 8
# As the bot reads emoji (smalltalk::is_emoji).
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF]")


def tokens(text):
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.findall(r"[a-z0-9]+", text)


def features(text):
    words = tokens(text)
    found = {"w:" + w for w in words}
    if words:
        found.add("first:" + words[0])
        found.add("last:" + words[-1])
    found.update("b:%s_%s" % pair for pair in zip(words, words[1:]))
    found.add("len:%d" % min(len(words), LONGEST))
    if EMOJI.search(text):
        found.add("emoji")
    if "!" in text:
        found.add("bang")
    if ":" in text:
        found.add("colon")
    return found


# The router's MIN_REMARK_ODDS and MIN_REMARK_WORDS, for --cv.
THRESHOLD = 2.0
MIN_WORDS = 3


def messages(fold=None):
    """Remarks and questions without a question mark; with `fold` (k, n), as two pairs: those
    of the files outside fold k of n, and those inside it."""
    remarks, questions = [], []
    held_remarks, held_questions = [], []

    def add(text, kind, held):
        if "?" in text:
            return
        if kind == "smalltalk":
            (held_remarks if held else remarks).append(text)
        elif kind == "in":
            (held_questions if held else questions).append(text)

    eval_dir = os.path.join(ROOT, "tests", "eval")
    paths = sorted(
        glob.glob(os.path.join(eval_dir, "*.jsonl"))
        + glob.glob(os.path.join(eval_dir, "smalltalk", "*.jsonl"))
        + glob.glob(os.path.join(eval_dir, "dialogues", "*.jsonl"))
        + glob.glob(os.path.join(eval_dir, "measured", "smalltalk-*.jsonl"))
        + glob.glob(os.path.join(eval_dir, "measured", "dialogues-*.jsonl"))
    )
    for number, path in enumerate(paths):
        held = fold is not None and number % fold[1] == fold[0]
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                case = json.loads(line)
                for turn in case.get("turns", [case]):
                    add(turn["q"], turn["kind"], held)
    if fold is None:
        return remarks, questions
    return (remarks, questions), (held_remarks, held_questions)


def cross_validate(folds=5):
    above = {"remarks": [0, 0], "questions": [0, 0]}
    for k in range(folds):
        (remarks, questions), held = messages((k, folds))
        bias, weights = train(remarks, questions)
        for name, texts in zip(("remarks", "questions"), held):
            for text in texts:
                if len(tokens(text)) < MIN_WORDS:
                    continue
                odds = bias + sum(weights.get(f, 0.0) for f in features(text))
                above[name][0] += odds > THRESHOLD
                above[name][1] += 1
    for name, (count, total) in above.items():
        print("%s above %.1f: %d of %d (%.2f%%)" % (name, THRESHOLD, count, total, 100.0 * count / total))


def train(remarks, questions):
    in_remarks, in_questions = collections.Counter(), collections.Counter()
    for text in remarks:
        in_remarks.update(features(text))
    for text in questions:
        in_questions.update(features(text))
    r, q = len(remarks), len(questions)
    weights = {}
    for feature in set(in_remarks) | set(in_questions):
        if in_remarks[feature] + in_questions[feature] < MIN_COUNT:
            continue
        weights[feature] = math.log((in_remarks[feature] + ALPHA) / (r + 2 * ALPHA)) - math.log(
            (in_questions[feature] + ALPHA) / (q + 2 * ALPHA)
        )
    return math.log(r / q), weights


def render(bias, weights, remarks, questions):
    lines = [
        "# Generated by scripts/train-remarks.py from tests/eval: %d remarks, %d questions."
        % (len(remarks), len(questions)),
        "# Do not edit by hand; rerun the script after the eval sets change.",
        "bias\t%.3f" % bias,
    ]
    lines += ["%s\t%.3f" % (f, weights[f]) for f in sorted(weights)]
    return "\n".join(lines) + "\n"


def main():
    if "--cv" in sys.argv[1:]:
        cross_validate()
        return
    remarks, questions = messages()
    bias, weights = train(remarks, questions)
    text = render(bias, weights, remarks, questions)
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as shipped:
            if shipped.read() != text:
                print("%s is out of date: run scripts/train-remarks.py" % OUT, file=sys.stderr)
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8") as out:
        out.write(text)
    print("%s: %d features from %d remarks and %d questions" % (OUT, len(weights), len(remarks), len(questions)))


if __name__ == "__main__":
    main()
