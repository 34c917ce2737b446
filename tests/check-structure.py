#!/usr/bin/env python3
"""Checks that C sources keep the shape the project's guide asks for.

usage: check-structure.py [--gtk-free DIR]... [DIR]...

For every DIR (and every --gtk-free DIR), over its *.c and *.h files:
  - no include cycles: neither among the files themselves (following the
    "sp-*.h" includes), nor among the units they make up. A unit is a .c
    file with a header of the same name (sp-event-log.c + sp-event-log.h);
    every other file belongs to the unit whose name is its longest prefix
    (sp-endpoint-udp.c and sp-endpoint-private.h are SpEndpoint's). Unit A
    depends on unit B when a file of A includes a header of B; a circle of
    such dependencies means neither can be understood or tested first;
  - a header named sp-*-private.h is included by files of its own unit only;
  - no file over --max-file-lines lines (1000);
  - no function over --max-function-lines lines (120), counted from the
    line with its name to its closing brace, except GObject class setup
    (*_class_init), which is a list of declarations.
A --gtk-free DIR must not include GTK or GDK headers, nor name gtk in its
meson.build.

Prints one "not ok" line per problem and exits 1 if there is any.
"""

import argparse
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"(sp-[^"]+\.h)"', re.M)
ANY_INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
GTK_RE = re.compile(r'^(gtk|gdk|adwaita\.h|adw)', re.I)


def stem(name):
    return name.rsplit('.', 1)[0]


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def unit_of(name, units):
    """The unit a file belongs to: the longest unit name that is a prefix
    of its own name at a '-' boundary (or its whole name)."""
    base = stem(name)
    best = None
    for unit in units:
        if base == unit or base.startswith(unit + '-'):
            if best is None or len(unit) > len(best):
                best = unit
    return best or base


def strongly_connected(graph):
    """Tarjan's algorithm: the components with more than one node, or with
    a node that depends on itself."""
    index = {}
    low = {}
    stack = []
    on_stack = set()
    found = []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def strip_code(text):
    """@text with comments, string and character literals and preprocessor
    lines blanked out (newlines kept, so line numbers stay right)."""
    out = []
    i = 0
    n = len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c in ' \t':
            out.append(c)
            i += 1
            continue
        if at_line_start and c == '#':
            # A preprocessor line, with its continuations.
            while i < n and text[i] != '\n':
                if text[i] == '\\' and i + 1 < n and text[i + 1] == '\n':
                    out.append('\n')
                    i += 2
                    continue
                i += 1
            continue
        at_line_start = False
        if c == '\n':
            out.append(c)
            at_line_start = True
            i += 1
        elif text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
        elif text.startswith('//', i):
            while i < n and text[i] != '\n':
                i += 1
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def functions(text):
    """(name, first line, last line) of every function defined in @text."""
    code = strip_code(text)
    found = []
    depth = 0
    paren_depth = 0
    last_close_paren = None      # index of the last ')' at depth 0
    open_parens = []
    stmt_start = 0
    start = None
    name = None
    for i, c in enumerate(code):
        if depth == 0:
            if c == '(':
                open_parens.append(i)
                paren_depth += 1
            elif c == ')':
                paren_depth -= 1
                opened = open_parens.pop() if open_parens else i
                if paren_depth == 0:
                    last_close_paren = (opened, i)
            elif c == ';':
                stmt_start = i + 1
                last_close_paren = None
            elif c == '{':
                between = code[last_close_paren[1] + 1:i] if last_close_paren else None
                before = code[stmt_start:i]
                if (last_close_paren and paren_depth == 0 and
                        '=' not in before and
                        re.fullmatch(r'[\s\w(),]*', between or '') is not None):
                    name = None
                    # The function's own name: before the parameter list
                    # whose ')' closes the signature.
                    head = code[:last_close_paren[0]].rstrip()
                    m = re.search(r'([A-Za-z_][A-Za-z0-9_]*)\s*$', head)
                    if m:
                        name = m.group(1)
                        start = code.count('\n', 0, m.start()) + 1
                    else:
                        start = code.count('\n', 0, i) + 1
                else:
                    name = None
                depth = 1
        else:
            if c == '{':
                depth += 1
            elif c == '}':
                depth -= 1
                if depth == 0:
                    if name is not None:
                        found.append((name, start, code.count('\n', 0, i) + 1))
                    name = None
                    stmt_start = i + 1
                    last_close_paren = None
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dirs', nargs='*', metavar='DIR')
    parser.add_argument('--gtk-free', action='append', default=[], metavar='DIR')
    parser.add_argument('--max-file-lines', type=int, default=1000)
    parser.add_argument('--max-function-lines', type=int, default=120)
    args = parser.parse_args()

    problems = []
    dirs = list(dict.fromkeys(args.dirs + args.gtk_free))
    if not dirs:
        parser.error('name at least one directory')

    for directory in dirs:
        names = sorted(n for n in os.listdir(directory) if n.endswith(('.c', '.h')))
        present = set(names)
        units = {stem(n) for n in names
                 if n.endswith('.c') and stem(n) + '.h' in present}
        texts = {n: read(os.path.join(directory, n)) for n in names}
        where = lambda n: os.path.join(directory, n)

        # Includes of files that exist here (generated ones do not).
        includes = {n: [h for h in INCLUDE_RE.findall(texts[n]) if h in present]
                    for n in names}

        for cycle in strongly_connected({n: set(includes[n]) for n in names}):
            problems.append('include cycle among files: ' + ' -> '.join(map(where, cycle)))

        unit_graph = {}
        for n in names:
            here = unit_of(n, units)
            for h in includes[n]:
                there = unit_of(h, units)
                if there != here:
                    unit_graph.setdefault(here, set()).add(there)
                if h.endswith('-private.h') and there != here:
                    problems.append('%s includes %s, private to %s' % (where(n), h, there))
        for cycle in strongly_connected(unit_graph):
            detail = []
            for a in cycle:
                for b in sorted(unit_graph.get(a, ())):
                    if b in cycle:
                        by = [n for n in names if unit_of(n, units) == a and
                              any(unit_of(h, units) == b for h in includes[n])]
                        detail.append('%s -> %s (%s)' % (a, b, ', '.join(by)))
            problems.append('include cycle among units in %s: %s' % (directory, '; '.join(detail)))

        for n in names:
            text = texts[n]
            n_lines = text.count('\n')
            if n_lines > args.max_file_lines:
                problems.append('%s has %d lines (at most %d)' % (where(n), n_lines, args.max_file_lines))
            if n.endswith('.c'):
                for name, first, last in functions(text):
                    length = last - first + 1
                    if length > args.max_function_lines and not name.endswith('_class_init'):
                        problems.append('%s:%d: %s() has %d lines (at most %d)' %
                                        (where(n), first, name, length, args.max_function_lines))

        if directory in args.gtk_free:
            for n in names:
                for header in ANY_INCLUDE_RE.findall(texts[n]):
                    if GTK_RE.match(header):
                        problems.append('%s includes <%s>: this directory is GTK-free' % (where(n), header))
            build = os.path.join(directory, 'meson.build')
            if os.path.exists(build) and re.search(r'gtk|adwaita', read(build), re.I):
                problems.append('%s names GTK: this directory is GTK-free' % build)

    for problem in problems:
        print('not ok: ' + problem)
    if not problems:
        print('ok: %s' % ', '.join(dirs))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
