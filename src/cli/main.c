/* jixiao — 部门整体支出绩效自评报告 generator: the command-line entry. */
#include <stdio.h>
#include <string.h>
#include "app/app.h"
#include "core/i18n.h"

/* TRANSLATORS: the command names (check, build …) and options (-o) stay as
 * they are, since they are typed; the placeholders (DATA, DIR …) are
 * translated.  Keep one line per command. */
static const char usage[] = N_(
    "usage: jixiao COMMAND [ARGS]\n"
    "  check DATA...               validate data files (.yaml or .xlsx) and report every problem\n"
    "  build DATA... -o DIR        write DIR/<单位名称>-<年度>.docx (and .pdf)\n"
    "  fields TEMPLATE.docx        list the fields a template uses\n"
    "  render FILE.docx -o F.pdf   lay out a DOCX as PDF\n"
    "  batch DIR|MANIFEST -o OUT  build every unit, in parallel, only what changed\n"
    "  diff OLD NEW                list the figures and texts that changed\n"
    "  init [-o 单位.xlsx]          write a blank fill-in workbook\n"
    "  convert IN -o OUT           convert between .yaml and .xlsx\n"
    "  version                     print the version and where templates, fonts and rules come from\n");

int main(int argc, char **argv)
{
    /* Findings go to stderr in some commands and results to stdout; line
     * buffering keeps them in order when both go to one pipe
     * (`jixiao build … 2>&1 | less`). */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        fputs(_(usage), argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "check"))  return app_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "build"))  return app_build(argc - 1, argv + 1);
    if (!strcmp(cmd, "fields")) return app_fields(argc - 1, argv + 1);
    if (!strcmp(cmd, "render")) return app_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch"))  return app_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "diff"))   return app_diff(argc - 1, argv + 1);
    if (!strcmp(cmd, "convert")) return app_convert(argc - 1, argv + 1);
    if (!strcmp(cmd, "init"))   return app_init(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) return app_version(argc - 1, argv + 1);
    fprintf(stderr, _("jixiao: unknown command \"%s\".\n"), cmd);
    fputs(_(usage), stderr);
    return 2;
}
