#!/usr/bin/env python3
"""Every diagnostic code the program can report must have a row in the table
of check codes of docs/使用手册.md, and every row must name a code the program
still has: a clerk who sees "[T9]" looks it up there.

Usage: doc_codes.py SRC_DIR MANUAL        exit 0 when both lists agree
       doc_codes.py --list SRC_DIR        print the codes found in the sources

How codes are found: a function that takes a `const char *code` parameter
(diag_add, diag_vadd and the wrappers around them) is a reporting function;
at each call the argument in that position is a string literal (the code),
the wrapper's own `code` parameter (followed through the wrapper's callers),
a local `code = "…"` set earlier in the same function, or `x->code` (a
diagnostic copied from another list).  Anything else is an error here, so a
new way of passing codes cannot slip past the check unnoticed."""
import glob
import re
import sys


def strip_comments(s):
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c in '"\'':
            j = i + 1
            while j < n and s[j] != c:
                j += 2 if s[j] == '\\' else 1
            out.append(s[i:j + 1])
            i = j + 1
        elif s.startswith('/*', i):
            j = s.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', s[i:j]))
            i = j
        elif s.startswith('//', i):
            j = s.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def split_args(s, i):
    """The top-level arguments of a call whose '(' ends just before i."""
    depth, args, cur = 1, [], []
    while i < len(s) and depth:
        c = s[i]
        if c in '"\'':
            j = i + 1
            while s[j] != c:
                j += 2 if s[j] == '\\' else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if not depth:
                break
        if c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    args.append(''.join(cur).strip())
    return args


def in_define(s, line_start):
    """Whether the line starting at line_start belongs to a #define (itself
    or a continuation line of one)."""
    while True:
        if s[line_start:].lstrip(' \t').startswith('#'):
            return bool(re.match(r'[ \t]*#[ \t]*define\b', s[line_start:]))
        if line_start == 0:
            return False
        prev = s.rfind('\n', 0, line_start - 1) + 1
        if not s[prev:line_start - 1].rstrip(' \t').endswith('\\'):
            return False
        line_start = prev


def source_codes(src):
    files = {f: strip_comments(open(f, encoding='utf-8').read())
             for f in sorted(glob.glob(src + '/**/*.[ch]', recursive=True))}
    # diag_add and diag_vadd even if they become macros (the gettext work
    # may wrap them); other reporting functions are found by their parameter
    funcs = {'diag_add': 3, 'diag_vadd': 3}
    for s in files.values():
        for m in re.finditer(r'\b([A-Za-z_]\w*)\s*\(([^;{}()]*\bconst\s+char\s*\*\s*code\b[^;{}()]*)\)', s):
            for k, p in enumerate(x.strip() for x in m.group(2).split(',')):
                if re.search(r'\*\s*code$', p):
                    funcs[m.group(1)] = k
    codes, problems = {}, []
    for f, s in files.items():
        for name, k in funcs.items():
            for m in re.finditer(r'(?<![\w.>])' + name + r'\s*\(', s):
                args = split_args(s, m.end())
                if len(args) <= k or re.search(r'\bconst\s+char\s*\*', args[k]):
                    continue    # a declaration or definition, not a call
                line_start = s.rfind('\n', 0, m.start()) + 1
                if in_define(s, line_start):
                    continue    # the body of a macro: its callers are what count
                a = args[k]
                where = '%s:%d' % (f, s.count('\n', 0, m.start()) + 1)
                lits = re.findall(r'"((?:[^"\\]|\\.)*)"', a)
                if lits:
                    for lit in lits:
                        codes.setdefault(lit, where)
                elif re.fullmatch(r'\w+\s*->\s*code', a):
                    pass
                elif a == 'code':
                    # the body of the enclosing function starts at the last
                    # column-0 '{' before the call
                    body = max(s.rfind('\n{', 0, m.start()), 0)
                    local = [x for x in re.finditer(r'\bcode\s*=\s*"([^"]+)"', s[body:m.start()])]
                    if local:
                        codes.setdefault(local[-1].group(1), where)
                    elif not re.search(r'\*\s*code\s*[,)]', s[body - 400 if body > 400 else 0:body + 2]):
                        problems.append('%s: %s(…) gets the code from `code`, which is neither a parameter nor set to a literal' % (where, name))
                else:
                    problems.append('%s: %s(…) gets its code from `%s`; pass a literal so that it can be checked' % (where, name, a))
    return codes, problems


def manual_codes(path):
    text = open(path, encoding='utf-8').read()
    m = re.search(r'^## [^\n]*检查代码[^\n]*\n(.*?)(?=^## |\Z)', text, re.S | re.M)
    if not m:
        return None
    found = set()
    for line in m.group(1).splitlines():
        if line.startswith('|'):
            first = line.strip('|').split('|')[0]
            found.update(re.findall(r'`([^`]+)`', first))
    return found


def main(argv):
    if len(argv) == 3 and argv[1] == '--list':
        codes, problems = source_codes(argv[2])
        for c in sorted(codes):
            print(c, codes[c])
        for p in problems:
            print('PROBLEM', p)
        return 1 if problems else 0
    if len(argv) != 3:
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    codes, problems = source_codes(argv[1])
    documented = manual_codes(argv[2])
    fail = list(problems)
    if documented is None:
        fail.append('%s has no section "## … 检查代码 …" with the table of codes' % argv[2])
        documented = set()
    # a broken extractor must not pass for an empty source tree
    if len(codes) < 10:
        fail.append('only %d codes found in %s; the extractor no longer understands the sources' % (len(codes), argv[1]))
    for c in sorted(set(codes) - documented):
        fail.append('code %s (used at %s) is missing from the table of check codes in %s; add a row saying what it means and how to fix it'
                    % (c, codes[c], argv[2]))
    for c in sorted(documented - set(codes)):
        fail.append('code %s is in the table of %s but no longer used in the sources; remove its row' % (c, argv[2]))
    for f in fail:
        print('FAIL', f)
    print('%d codes in the sources, %d in the manual' % (len(codes), len(documented)))
    return 1 if fail else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
