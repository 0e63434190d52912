/* app — the subcommands of the jixiao CLI.  Each takes the arguments after
 * its name (argv[0] is the subcommand name) and returns the process exit
 * status.  Only this layer prints, reads and writes files. */
#ifndef JX_APP_H
#define JX_APP_H

int app_check(int argc, char **argv);   /* jixiao check DATA... */
int app_build(int argc, char **argv);   /* jixiao build DATA... -o DIR [-t TEMPLATE] */
int app_fields(int argc, char **argv);  /* jixiao fields TEMPLATE */
int app_render(int argc, char **argv);  /* jixiao render FILE.docx -o FILE.pdf */
int app_diff(int argc, char **argv);    /* jixiao diff OLD.yaml NEW.yaml */
int app_batch(int argc, char **argv);   /* jixiao batch DIR|MANIFEST -o OUT */
int app_version(int argc, char **argv); /* jixiao version: version and data locations */
int app_convert(int argc, char **argv); /* jixiao convert IN -o OUT (.yaml <-> .xlsx) */
int app_init(int argc, char **argv);    /* jixiao init [-o 单位.xlsx] [--name N] [--year Y] */


#endif
