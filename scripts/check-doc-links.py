#!/usr/bin/env python3
"""Checks the relative links of README.md and docs/*.md: every target file exists, every #anchor
names a heading of its target (GitHub's anchor rules), the README links every docs page and every
docs page links back to the README. Prints one line per problem and a summary; exit 1 on a problem.

Usage: scripts/check-doc-links.py   (from anywhere; checks the repository this script is in)
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r'\]\(([^)\s]+)\)|\bsrc="([^"]+)"')
HEADING = re.compile(r'^(#{1,6}) (.*)$')


def outside_code(text):
    """Lines outside fenced code blocks, with inline code spans blanked."""
    fence = False
    for number, line in enumerate(text.split('\n'), 1):
        if line.startswith('```'):
            fence = not fence
            continue
        if not fence:
            yield number, re.sub(r'`[^`]*`', lambda m: m.group(0) if '](' not in m.group(0) else '``', line)


def anchors(path):
    seen, result = {}, set()
    with open(path, encoding='utf-8') as f:
        for _, line in outside_code(f.read()):
            m = HEADING.match(line)
            if not m:
                continue
            base = re.sub(r'[^\w\- ]', '', m.group(2).strip().lower()).replace(' ', '-')
            count = seen.get(base, 0)
            result.add(base if count == 0 else f'{base}-{count}')
            seen[base] = count + 1
    return result


def main():
    files = [os.path.join(ROOT, 'README.md')] + sorted(glob.glob(os.path.join(ROOT, 'docs', '*.md')))
    problems, checked = [], 0
    linked_from_readme, links_to_readme = set(), set()
    for source in files:
        rel_source = os.path.relpath(source, ROOT)
        with open(source, encoding='utf-8') as f:
            text = f.read()
        for number, line in outside_code(text):
            for m in LINK.finditer(line):
                target = m.group(1) or m.group(2)
                if re.match(r'^[a-z]+:', target):
                    continue
                checked += 1
                path, _, anchor = target.partition('#')
                resolved = source if path == '' else os.path.normpath(os.path.join(os.path.dirname(source), path))
                if not os.path.exists(resolved):
                    problems.append(f'{rel_source}:{number}: {target}: no such file')
                    continue
                if anchor:
                    if not resolved.endswith('.md'):
                        problems.append(f'{rel_source}:{number}: {target}: anchor into a non-Markdown file')
                    elif anchor not in anchors(resolved):
                        problems.append(f'{rel_source}:{number}: {target}: no heading with anchor #{anchor}')
                rel_target = os.path.relpath(resolved, ROOT)
                if rel_source == 'README.md':
                    linked_from_readme.add(rel_target)
                if rel_target == 'README.md' and rel_source != 'README.md':
                    links_to_readme.add(rel_source)
    for page in files[1:]:
        rel = os.path.relpath(page, ROOT)
        if rel not in linked_from_readme:
            problems.append(f'README.md: does not link {rel}')
        if rel not in links_to_readme:
            problems.append(f'{rel}: does not link back to README.md')
    for p in problems:
        print(p)
    print(f'{len(files)} files, {checked} relative links checked, {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
