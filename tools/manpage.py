#!/usr/bin/env python3
"""Writes the jixiao(1) man page from the program's own --help texts.

    tools/manpage.py JIXIAO zh|en OUT

The commands, their synopses and options come from `JIXIAO --help` and
`JIXIAO <command> --help` in the chosen language, so the page lists exactly
what the binary it is built with accepts: a new subcommand appears as soon as
the top-level usage lists it.  Only the framing (name, description, the
environment variables and files, examples) is written here, in both
languages.  The output depends on nothing but the binary and this script
(no date), so a build is reproducible.
"""
import os
import re
import subprocess
import sys

TEXT = {
    'zh': {
        'language': 'zh_CN',
        'usage_prefix': '用法：',
        'title': 'jixiao 使用手册',
        'sections': ('名称', '概要', '描述', '命令', '环境变量', '文件', '示例', '参见'),
        'name': '部门整体支出绩效自评报告生成程序',
        'synopsis': r'\fB命令\fR [\fI参数\fR]',
        'description': [
            'jixiao 根据县（区）各部门的年终结构化数据（每个单位每年一个 YAML 文件），'
            '生成该单位的部门整体支出绩效自评报告和附件自评表：一份由模板填写而成的 Word 文档（DOCX），'
            '和一份由程序自带的排版引擎排出、可直接公开的 PDF。',
            '提示信息默认是中文，区域设置为 C.UTF-8 或未设置时也是中文；设 LANGUAGE=en 显示英文。'
            '本手册页与程序的 --help 输出出自同一来源。',
        ],
        'env': [
            ('JIXIAO_TEMPLATES', '报告模板 report.docx 和自评表模板 form.docx 所在的目录，代替随程序安装的模板。'),
            ('JIXIAO_FONTS_CONF', '排版 PDF 时使用的 fontconfig 配置文件，代替随程序安装的 fonts.conf。'),
            ('JIXIAO_RULES', '检查规则所在的目录，代替随程序安装的规则。'),
            ('LANGUAGE, LC_ALL, LC_MESSAGES, LANG', '第一个已设置的决定提示信息的语言：en… 为英文，其余（包括 C 和未设置）为中文。'),
        ],
        'files_intro': '前缀指 jixiao 所在 bin 目录的上一级（软件包为 /usr，cmake --install 默认为 /usr/local）。'
                       '程序按自身所在位置查找数据，整个安装目录可以整体移动。jixiao version 显示实际使用的位置。',
        'files': [
            ('前缀/share/jixiao/templates/', '随程序安装的报告模板和自评表模板。'),
            ('前缀/share/jixiao/fonts/fonts.conf', '字体配置：为公文字体（仿宋_GB2312、方正小标宋简体等）指定免费替代字体。'),
            ('前缀/share/jixiao/rules/', '检查规则。'),
            ('前缀/share/locale/zh_CN/LC_MESSAGES/jixiao.mo', '中文消息目录（程序使用编译时内置的同一份）。'),
            ('前缀/share/doc/jixiao/', '使用手册（使用手册.md）和样例数据（examples/）。'),
        ],
        'examples': [
            ('检查样例数据，逐条列出问题：', 'jixiao check /usr/share/doc/jixiao/examples/*.yaml'),
            ('生成一个单位的 DOCX 和 PDF：', 'jixiao build 单位.yaml \\-o out/'),
            ('全县在两台装有本软件包的机器上分片生成，第一台：', 'jixiao batch units/ \\-o out/ \\-\\-shard 1/2'),
            ('第二台：', 'jixiao batch units/ \\-o out/ \\-\\-shard 2/2'),
            ('显示版本和数据文件的位置：', 'jixiao version'),
        ],
        'see_also': '前缀/share/doc/jixiao/使用手册.md；英文手册页：jixiao.en(1)。',
    },
    'en': {
        'language': 'en',
        'usage_prefix': 'usage:',
        'title': 'jixiao manual',
        'sections': ('NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'ENVIRONMENT', 'FILES', 'EXAMPLES', 'SEE ALSO'),
        'name': 'generate the 部门整体支出绩效自评报告 (department-wide expenditure performance self-evaluation report)',
        'synopsis': r'\fBCOMMAND\fR [\fIARGS\fR]',
        'description': [
            "jixiao turns a county department's year-end data (one YAML file per unit and year) into its "
            '部门整体支出绩效自评报告 with the 自评表 appendix forms: a Word document (DOCX) filled from a '
            'template, and a PDF laid out by the program\'s own engine, ready to publish.',
            'Messages are in Chinese by default, also under LANG=C.UTF-8 or with no locale set; '
            'LANGUAGE=en gives English.  This page and the --help output come from the same source.',
        ],
        'env': [
            ('JIXIAO_TEMPLATES', 'Directory holding report.docx and form.docx, used instead of the installed templates.'),
            ('JIXIAO_FONTS_CONF', 'fontconfig configuration file for the PDF layout, used instead of the installed fonts.conf.'),
            ('JIXIAO_RULES', 'Directory of check rules, used instead of the installed rules.'),
            ('LANGUAGE, LC_ALL, LC_MESSAGES, LANG', 'The first one set chooses the language of messages: en… English, '
             'anything else (including C and nothing set) Chinese.'),
        ],
        'files_intro': 'PREFIX is the parent of the bin directory holding jixiao (/usr for the Debian package, '
                       '/usr/local by default for cmake --install).  The program finds its data relative to '
                       'its own location, so an installed tree can be moved as a whole.  '
                       'jixiao version shows the locations in use.',
        'files': [
            ('PREFIX/share/jixiao/templates/', 'The bundled report and 自评表 templates.'),
            ('PREFIX/share/jixiao/fonts/fonts.conf', 'Font configuration: free stand-ins for the office fonts '
             '(仿宋_GB2312, 方正小标宋简体 …).'),
            ('PREFIX/share/jixiao/rules/', 'Check rules.'),
            ('PREFIX/share/locale/zh_CN/LC_MESSAGES/jixiao.mo', 'The Chinese message catalog (the program uses '
             'the same catalog, embedded at build time).'),
            ('PREFIX/share/doc/jixiao/', 'The user manual (使用手册.md) and sample data (examples/).'),
        ],
        'examples': [
            ('Check the sample data, listing every problem:', 'jixiao check /usr/share/doc/jixiao/examples/*.yaml'),
            ("Build one unit's DOCX and PDF:", 'jixiao build unit.yaml \\-o out/'),
            ('Build the whole county on two machines with the package installed, on the first:',
             'jixiao batch units/ \\-o out/ \\-\\-shard 1/2'),
            ('on the second:', 'jixiao batch units/ \\-o out/ \\-\\-shard 2/2'),
            ('Show the version and where the data files are:', 'jixiao version'),
        ],
        'see_also': 'PREFIX/share/doc/jixiao/使用手册.md (in Chinese); the Chinese page: jixiao(1).',
    },
}


def run(exe, lang, args):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('LC_', 'LANG')) and not k.startswith('JIXIAO_')}
    env['LANGUAGE'] = lang
    env['LC_ALL'] = 'C.UTF-8'
    p = subprocess.run([exe] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode('utf-8')


def esc(s):
    """Text for roff: backslashes and hyphens escaped, no line starting a request."""
    s = s.replace('\\', '\\e').replace('-', '\\-')
    return '\n'.join(('\\&' + l if l[:1] in ('.', "'") else l) for l in s.split('\n'))


NO_BREAK_BEFORE = set('，。、；：？！）》」』”’…·%')
NO_BREAK_AFTER = set('（《「『“‘')


def cjk(c):
    return '\u2e80' <= c <= '\u9fff' or '\uff00' <= c <= '\uffef' or '\u3000' <= c <= '\u303f'


def breakable(s):
    """Filled text with optional break points (\\:) between CJK characters:
    groff breaks lines only at spaces, and Chinese has none."""
    out = []
    for i, c in enumerate(s):
        if i and (cjk(c) or cjk(s[i - 1])) and s[i - 1] != ' ' and c != ' ' \
                and c not in NO_BREAK_BEFORE and s[i - 1] not in NO_BREAK_AFTER:
            out.append('\\:')
        out.append(c)
    return ''.join(out)


def commands(usage):
    """(name, args, summary) for each command line of the top-level usage."""
    out = []
    for line in usage.splitlines()[1:]:
        m = re.match(r'^  ([a-z][a-z0-9-]*)(.*?)(?:\s{2,}(\S.*))?$', line)
        if m:
            out.append((m.group(1), m.group(2).strip(), (m.group(3) or '').strip()))
    return out


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in TEXT:
        sys.exit('usage: manpage.py JIXIAO zh|en OUT')
    exe, lang, out = sys.argv[1], sys.argv[2], sys.argv[3]
    t = TEXT[lang]
    rc, usage = run(exe, t['language'], ['--help'])
    if rc != 0 or not usage.startswith(t['usage_prefix']):
        sys.exit('manpage.py: %s --help did not print its usage' % exe)
    cmds = commands(usage)
    if not cmds:
        sys.exit('manpage.py: no commands found in the usage of %s' % exe)
    _, ver = run(exe, t['language'], ['version'])
    version = ver.split('\n', 1)[0].strip()
    sec = t['sections']

    r = ['.\\" -*- coding: UTF-8 -*-',
         '.\\" Generated by tools/manpage.py from the --help texts of %s; do not edit.' % esc(version),
         '.TH JIXIAO%s 1 "" "%s" "%s"' % ('' if lang == 'zh' else '.EN', esc(version), esc(t['title'])),
         '.nh', '.ad l',
         '.SH ' + sec[0], 'jixiao \\- ' + esc(t['name']),
         '.SH ' + sec[1]]
    for name, args, _ in cmds:
        r += ['.br', '\\fBjixiao %s\\fR %s' % (esc(name), esc(args))]
    fill = (lambda x: breakable(esc(x))) if lang == 'zh' else esc
    r += ['.SH ' + sec[2]]
    for p in t['description']:
        r += ['.PP', fill(p)]
    r += ['.SH ' + sec[3]]
    for name, args, summary in cmds:
        r += ['.SS "%s"' % esc(('%s %s' % (name, args)).strip()), fill(summary)]
        rc, h = run(exe, t['language'], [name, '--help'])
        # An untranslated usage (a new command before its translation) is shown as it is.
        if rc == 0 and h.startswith((t['usage_prefix'], 'usage:')):
            r += ['.PP', '.nf', '.RS 2', esc(h.rstrip('\n')), '.RE', '.fi']
    r += ['.SH ' + sec[4]]
    for var, what in t['env']:
        r += ['.TP', '.B ' + esc(var), fill(what)]
    r += ['.SH ' + sec[5], fill(t['files_intro'])]
    for f, what in t['files']:
        r += ['.TP', '.I ' + esc(f), fill(what)]
    r += ['.SH ' + sec[6]]
    for what, cmd in t['examples']:
        r += ['.PP', fill(what), '.RS 4', '.nf', '\\fB%s\\fR' % cmd, '.fi', '.RE']
    r += ['.SH ' + sec[7], fill(t['see_also'])]
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(r) + '\n')


if __name__ == '__main__':
    main()
